/** A saved simulation's input and result, as the API keeps them (JSON): typed for the pages. */
import type { PathwayResponse } from '../guidance/pathway-types.ts';
import type { Transition } from '../guidance/types.ts';
import type { SavedSimulation } from '../../../src/counselling/contract.ts';

export interface SimulationInput {
  kind: 'transitions' | 'parcours';
  to?: string;
  commune?: string;
  radius?: number;
  profile: { occupations: string[]; exclude: string[]; skills: string[]; esco: string[] };
}

export interface TransitionsResult {
  source: { occupations: { code: string; label: string }[]; skills: number; unmappedEsco: string[] };
  transitions: Transition[];
}

type Saved = Omit<SavedSimulation, 'input' | 'result'> & { input: SimulationInput };
export type ReadSimulation =
  | (Saved & { kind: 'parcours'; result: PathwayResponse })
  | (Saved & { kind: 'transitions'; result: TransitionsResult });

/** The saved simulation with its result typed by its kind (`kind`, from its input). */
export function readSimulation(s: SavedSimulation): ReadSimulation {
  const input = s.input as SimulationInput;
  return { ...s, input, kind: input.kind === 'transitions' ? 'transitions' : 'parcours' } as ReadSimulation;
}
