/** Any address that matches no page: a French 404 (rendered by the root ErrorBoundary). */
export function loader() {
  throw new Response('L’adresse demandée ne correspond à aucune page. Elle a peut-être changé, ou contient une faute de frappe.', {
    status: 404,
  });
}

export default function NotFound() {
  return null;
}
