import '../../lib/zod-jitless';
import '../../assets/tailwind.css';
import { browser } from '../../lib/browser';
import { sendDataCall } from '../../lib/data/sent-call';
import { firstDashboardFilter } from '../../lib/core/domain/dashboard/periods';
import { measureFirstRequest } from '../../components/dashboard/data-mark';

// The first view's request leaves before React and the page's code are
// fetched and evaluated, so the background computes while they load; the
// page's client takes this reply for its first call with the same filter
// (page.tsx).
const first = sendDataCall((message) => browser.runtime.sendMessage(message), 'getDashboard', [firstDashboardFilter(new Date())]);
measureFirstRequest(first.reply);

// The schemas the reply is checked against load meanwhile too (the client would import them on its first call).
void import('../../lib/core/messages/data-methods');
void import('./page').then(({ startDashboard }) => startDashboard(first));
