/**
 * A bar chart drawn as SVG on the server: it shows without JavaScript, loads nothing, and the
 * same numbers are in a table beside it for screen readers and for copying. Numbers and each
 * bar's text come from the caller, in the reader's digits and words.
 *
 * It reads at any size: the SVG holds only the bars and stretches to the width it is given,
 * while the scale and the first and last labels are HTML text at the page's own size (text
 * inside a scaled SVG shrinks to nothing on a phone). A bar is never wider than a few slots, so
 * one day of data is one bar, not a solid block; and a count above zero is never drawn thinner
 * than a visible sliver, however tall the highest bar.
 */
const W = 720;
const H = 160;
/** The widest a bar may be, in the SVG's units: about a fifteenth of the chart. */
const MAX_BAR = 48;
/** The least height of a bar whose count is not zero, in the SVG's units (about 2 px). */
const MIN_BAR = 3;

export function barGeometry(points: { count: number }[]) {
  const max = Math.max(1, ...points.map((p) => p.count));
  const slot = points.length ? W / points.length : 0;
  const width = Math.max(1, Math.min(MAX_BAR, slot - 2));
  return points.map((p, i) => {
    const height = p.count === 0 ? 0 : Math.max(MIN_BAR, Math.round((p.count / max) * H));
    return { x: i * slot + (slot - width) / 2, width, height, y: H - height };
  });
}

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
  const bars = barGeometry(points);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {total === 0 ? <p className="hint">{emptyText}</p> : null}
      <div className="chart-plot">
        <span className="chart-max" aria-hidden="true">
          {n(max)}
        </span>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={title} className="chart-bars">
          <line x1={0} y1={H} x2={W} y2={H} stroke="#8d877c" vectorEffect="non-scaling-stroke" />
          {points.map((p, i) => (
            <rect key={p.at} x={bars[i].x} y={bars[i].y} width={bars[i].width} height={bars[i].height} fill="#e0a100" data-count={p.count}>
              <title>{pointText(label(p.at), p.count)}</title>
            </rect>
          ))}
        </svg>
      </div>
      {points.length ? (
        <p className="chart-axis" aria-hidden="true">
          <span>{label(points[0].at)}</span>
          {points.length > 1 ? <span>{label(points[points.length - 1].at)}</span> : null}
        </p>
      ) : null}
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
