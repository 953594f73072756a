import type { MutualActionPlan } from '../../lib/core/domain/mutual-action-plan';

// The printable mutual action plan is a standalone HTML document the person
// prints or saves to share with the customer. Every value is text from CRM
// pages and teammates, so every one is escaped; the page runs no script.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function printablePlanHtml(plan: MutualActionPlan): string {
  const rows = plan.milestones
    .map((m) => {
      const cells = [
        m.title,
        m.dueDate ?? 'To be agreed',
        m.owner,
        m.achievedOn ? `${m.statusLabel}, achieved ${m.achievedOn}` : m.statusLabel,
        m.successCriteria ?? '',
        m.evidence ?? '',
      ];
      return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const title = escapeHtml(plan.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #0f172a; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #cbd5e1; padding: 0.4rem; text-align: left; vertical-align: top; }
th { background: #f1f5f9; }
</style>
</head>
<body>
<h1>${title}</h1>
${
  plan.milestones.length === 0
    ? '<p>No milestones yet.</p>'
    : `<table>
<thead><tr><th>Milestone</th><th>Due</th><th>Owner</th><th>Status</th><th>Success criteria</th><th>Evidence</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
</body>
</html>
`;
}
