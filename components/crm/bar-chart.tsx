/** A plain SVG bar chart (no chart library): one group of bars per label, one colour per series. */
export type TBarSeries = { name: string; color: string; values: number[] };

export function BarChart({ labels, series, format, height = 220, title }: {
  labels: string[]; series: TBarSeries[]; format: (v: number) => string; height?: number; title: string;
}) {
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => Math.max(0, v))));
  const groupW = 28 + series.length * 14;
  const padL = 8;
  const padB = 28;
  const chartH = height - padB - 8;
  const width = Math.max(320, padL + labels.length * groupW + 8);
  const barW = 12;
  return (
    <figure className="overflow-x-auto" data-testid="bar-chart">
      <svg role="img" aria-label={title} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="text-muted-foreground">
        <title>{title}</title>
        <line x1={padL} x2={width - 4} y1={8 + chartH} y2={8 + chartH} stroke="currentColor" strokeOpacity={0.4} />
        {labels.map((label, li) => {
          const x0 = padL + li * groupW + 8;
          return (
            <g key={label}>
              {series.map((s, si) => {
                const v = Math.max(0, s.values[li] ?? 0);
                const h = Math.round((v / max) * chartH);
                return (
                  <rect key={s.name} x={x0 + si * (barW + 2)} y={8 + chartH - h} width={barW} height={h} fill={s.color} rx={2}>
                    <title>{`${label} · ${s.name}: ${format(s.values[li] ?? 0)}`}</title>
                  </rect>
                );
              })}
              <text x={x0 + (series.length * (barW + 2)) / 2} y={height - 10} textAnchor="middle" fontSize={10} fill="currentColor">{label}</text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-muted-foreground">
        {series.map((s) => (
          <span key={s.name} className="inline-flex items-center gap-1"><span className="inline-block size-3 rounded-sm" style={{ background: s.color }} />{s.name}</span>
        ))}
        <span>максимум: {format(max)}</span>
      </figcaption>
    </figure>
  );
}
