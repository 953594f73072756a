export function Skeleton({ className = 'h-4 w-full' }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-slate-200 motion-reduce:animate-none dark:bg-slate-700 ${className}`} />;
}

export function PanelSkeleton({ label = 'Loading account context…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3 p-3">
      <span className="sr-only">{label}</span>
      {[0, 1, 2].map((i) => (
        <div key={i} className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-3 w-full" />
          <Skeleton className="h-3 w-3/4" />
        </div>
      ))}
    </div>
  );
}
