/**
 * A bar chart drawn as SVG on the server: it shows without JavaScript, loads nothing, and the
 * same numbers are in a table beside it for screen readers and for copying. Numbers and each
 * bar's text come from the caller, in the reader's digits and words.
 */
export function BarChart({
  title,
  points,
  label,
  pointText,
  n,
  emptyText,
}: {
  title: string;
  points: { at: string; count: number }[];
  label: (at: string) => string;
  pointText: (at: string, count: number) => string;
  n: (x: number) => string;
  emptyText: string;
}) {
  const max = Math.max(1, ...points.map((p) => p.count));
  const total = points.reduce((s, p) => s + p.count, 0);
  const W = 720;
  const H = 180;
  const pad = 24;
  const bw = points.length ? (W - pad * 2) / points.length : 0;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {total === 0 ? <p className="hint">{emptyText}</p> : null}
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={title} width="100%">
        <line x1={pad} y1={H} x2={W - pad} y2={H} stroke="#8d877c" />
        <text x={pad} y={12} fontSize="11" fill="#55524c">
          {n(max)}
        </text>
        {points.map((p, i) => {
          const h = Math.round((p.count / max) * (H - 20));
          return (
            <rect key={p.at} x={pad + i * bw + 1} y={H - h} width={Math.max(1, bw - 2)} height={h} fill="#e0a100">
              <title>{pointText(label(p.at), p.count)}</title>
            </rect>
          );
        })}
        {points.length ? (
          <>
            <text x={pad} y={H + 14} fontSize="11" fill="#55524c">
              {label(points[0].at)}
            </text>
            <text x={W - pad} y={H + 14} fontSize="11" fill="#55524c" textAnchor="end">
              {label(points[points.length - 1].at)}
            </text>
          </>
        ) : null}
      </svg>
      <table className="visually-hidden">
        <tbody>
          {points.map((p) => (
            <tr key={p.at}>
              <th scope="row">{label(p.at)}</th>
              <td data-testid="chart-value">{n(p.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
