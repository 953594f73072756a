/** Completeness as a ring; role="img" with the figure spelled out, since the arc alone says nothing to a screen reader. */
export function ProgressRing({ percent, label, size = 56 }: { percent: number; label: string; size?: number }) {
  const stroke = 6;
  const r = (size - stroke) / 2;
  const circumference = 2 * Math.PI * r;
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${size} ${size}`} className="shrink-0">
      <title>{label}</title>
      <circle cx={size / 2} cy={size / 2} r={r} fill="none" strokeWidth={stroke} className="stroke-slate-200 dark:stroke-slate-700" />
      <circle
        cx={size / 2}
        cy={size / 2}
        r={r}
        fill="none"
        strokeWidth={stroke}
        strokeLinecap="round"
        strokeDasharray={`${(clamped / 100) * circumference} ${circumference}`}
        transform={`rotate(-90 ${size / 2} ${size / 2})`}
        className={clamped === 100 ? 'stroke-green-700 dark:stroke-green-400' : 'stroke-indigo-700 dark:stroke-indigo-300'}
      />
      <text
        x="50%"
        y="50%"
        dominantBaseline="central"
        textAnchor="middle"
        className="fill-slate-900 text-xs font-semibold dark:fill-slate-50"
        aria-hidden="true"
      >
        {clamped}%
      </text>
    </svg>
  );
}
