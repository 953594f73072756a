import type { AccountContext } from '../../lib/core/model';
import { biggestHealthDrag, computeHealth, healthConfidence, type HealthResult } from '../../lib/core/domain/health';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { useId } from 'react';
import { Badge, Button, Card, formatDate, formatPercent, Muted } from '../ui';
import { HEALTH_BAND_LABELS, HEALTH_BAND_TONES, HEALTH_COMPONENT_LABELS } from '../shared/labels';
import { CARD_ANCHORS, useDisclosure } from './disclosure';
import { PANEL_LOOK, UNKNOWN_HEALTH } from './first-paint';
import { Sparkline } from './Sparkline';

const CONFIDENCE_LABELS = { low: 'Low confidence', medium: 'Medium confidence', high: 'High confidence' } as const;

export function HealthCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const health = computeHealth(context.snapshots, settings.healthWeights, now);
  const [open, setOpen] = useDisclosure('health');
  const detailsId = useId();
  const confidence = healthConfidence(health);
  const drag = biggestHealthDrag(health);
  const moved = health.status === 'known' ? health.movedMost : null;

  if (health.status === 'unknown') {
    return (
      <Card title="Health" anchor={CARD_ANCHORS.health}>
        <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{UNKNOWN_HEALTH[health.reason]}</p>
        {health.reason === 'zero-weights' && <Muted>{health.detail}</Muted>}
      </Card>
    );
  }

  return (
    <Card
      title="Health"
      anchor={CARD_ANCHORS.health}
      actions={
        <div className="flex items-center gap-1">
          <Badge tone={HEALTH_BAND_TONES[health.band]}>{HEALTH_BAND_LABELS[health.band]}</Badge>
          <Button variant="ghost" aria-expanded={open} aria-controls={detailsId} aria-label="Health details" onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> Details
          </Button>
        </div>
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className={PANEL_LOOK.scoreLine}>
          <span className={PANEL_LOOK.score[health.band]}>{health.score}</span>
          <span className={PANEL_LOOK.outOf}> / 100</span>
          <span className="sr-only"> — {HEALTH_BAND_LABELS[health.band]}</span> · as of {formatDate(health.asOf)}
        </p>
        <Sparkline history={health.history} />
      </div>
      {/* A score from a few inputs reads as certain unless it says otherwise. */}
      <p className="text-xs text-slate-800 dark:text-slate-200">
        <span className={confidence.level === 'low' ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}>
          {CONFIDENCE_LABELS[confidence.level]}: {confidence.present} of {confidence.total} inputs
        </span>
      </p>
      {(drag || moved) && (
        // Why the score is where it is: what holds it down, next to what changed it last.
        <p className="text-xs text-slate-800 dark:text-slate-200">
          {drag && (
            <>
              Biggest drag: <strong>{HEALTH_COMPONENT_LABELS[drag.component]}</strong> (−{drag.pointsLost} points)
            </>
          )}
          {drag && moved && ' · '}
          {moved && (
            <>
              <strong>{HEALTH_COMPONENT_LABELS[moved.component]}</strong> moved the score most since the previous reading:{' '}
              {moved.delta > 0 ? '+' : '−'}
              {Math.abs(moved.delta)} points
            </>
          )}
        </p>
      )}
      <div id={detailsId} hidden={!open}>
        {open && <HealthDetails health={health} />}
      </div>
    </Card>
  );
}

function HealthDetails({ health }: { health: Extract<HealthResult, { status: 'known' }> }) {
  return (
    <>
      <table className="mt-2 w-full text-xs text-slate-800 dark:text-slate-200">
        <caption className="sr-only">Score by component with its share of the total</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-400">
            <th scope="col" className="font-medium">
              Component
            </th>
            <th scope="col" className="text-right font-medium">
              Score
            </th>
            <th scope="col" className="text-right font-medium">
              Weight
            </th>
          </tr>
        </thead>
        <tbody>
          {health.components.map((c) => (
            <tr key={c.component}>
              <th scope="row" className="py-0.5 text-left font-normal">
                {HEALTH_COMPONENT_LABELS[c.component]}
              </th>
              <td className="text-right tabular-nums">{c.score}</td>
              <td className="text-right tabular-nums">{formatPercent(c.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {health.missing.length > 0 && (
        <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">
          <span className="font-medium">Missing inputs (not scored):</span> {health.missing.map((m) => HEALTH_COMPONENT_LABELS[m]).join(', ')}
        </p>
      )}
    </>
  );
}
