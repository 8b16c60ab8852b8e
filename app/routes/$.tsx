import { notFound } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** Any path no other route knows: a 404 page in the visitor's language. */
export function loader(): never {
  notFound();
}

export default function NotFound() {
  return null;
}
