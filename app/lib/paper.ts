// What the paper batches component (app/components/paper-batches.tsx) is given, shared with
// the web helper that builds it (app/web/paper.server.ts).

/** One batch as a page shows it (dates and country names rendered by the server). */
export interface PaperBatchRow {
  id: number;
  country: string;
  countryName: string;
  count: number;
  collectedOn: string;
  place: string | null;
  attestedBy: string;
  partnerName: string | null;
  status: "valid" | "invalidated";
  invalidationReason: string | null;
  /** Whether this reader may correct or invalidate it (a partner, only its own). */
  editable: boolean;
}

/** What the page's action answered about one of these forms (`batch` when it was about one batch). */
export interface PaperFormState {
  intent: "record" | "correct" | "invalidate";
  batch?: number;
  errors?: Partial<Record<string, string>>;
  values?: Partial<Record<string, string>>;
  done?: boolean;
}
