import { stringify } from "csv-stringify/sync";

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return before
 * one) gets a leading apostrophe: shown as text, never executed (OWASP's CSV injection advice).
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvRows(rows: (string | number | null)[][]): string {
  return stringify(rows.map((r) => r.map((c) => (typeof c === "string" ? neutralise(c) : (c ?? "")))));
}

/**
 * A CSV download streamed batch by batch: memory stays flat however many rows there are. `done`
 * runs once the last row is out, with the number of rows (to complete the audit row written
 * before the download began).
 */
export function csvResponse(
  filename: string,
  header: string[],
  batches: AsyncIterable<(string | number | null)[][]>,
  done: (rows: number) => Promise<void>,
): Response {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let count = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so spreadsheets read the UTF-8 (Burmese names) correctly.
      controller.enqueue(encoder.encode("\uFEFF" + csvRows([header])));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        await done(count);
        controller.close();
        return;
      }
      count += next.value.length;
      controller.enqueue(encoder.encode(csvRows(next.value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
