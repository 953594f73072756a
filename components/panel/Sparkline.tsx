import type { HealthHistoryPoint } from '../../lib/core/domain/health';

/** Score history as a line; the accessible name reads out the points so nothing is only visual. */
export function Sparkline({ history, width = 120, height = 32 }: { history: readonly HealthHistoryPoint[]; width?: number; height?: number }) {
  if (history.length < 2) return null;
  const pad = 2;
  const step = (width - pad * 2) / (history.length - 1);
  const y = (score: number) => pad + (1 - score / 100) * (height - pad * 2);
  const points = history.map((p, i) => `${(pad + i * step).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const last = history[history.length - 1]!;
  const label = `Health history: ${history.map((p) => `${p.score} on ${p.date}`).join(', ')}`;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="text-indigo-700 dark:text-indigo-300"
    >
      <title>{label}</title>
      <line x1={pad} x2={width - pad} y1={y(70)} y2={y(70)} className="stroke-slate-300 dark:stroke-slate-600" strokeDasharray="2 2" />
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <circle cx={pad + (history.length - 1) * step} cy={y(last.score)} r="2.5" fill="currentColor" />
    </svg>
  );
}
