import type { ClientSort, JusticeStatus, SupportNeed } from "./types";

/** The client list's search and filters, kept while visiting a record so "back" finds them as they were. */
export const clientsState = $state<{
  query: string;
  open: "" | "open" | "closed";
  justice: JusticeStatus | "";
  need: SupportNeed | "";
  sort: ClientSort;
  offset: number;
}>({ query: "", open: "open", justice: "", need: "", sort: "name", offset: 0 });

export const PAGE_SIZE = 25;
