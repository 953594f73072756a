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
const send = (message: Parameters<typeof browser.runtime.sendMessage>[0]) => browser.runtime.sendMessage(message);
const filter = firstDashboardFilter(new Date());
const first = sendDataCall(send, 'getDashboard', [filter]);
measureFirstRequest(first.reply);
// And, behind it, the figures kept earlier for the same filter: the page shows them while the first call's reply
// waits for the store to be read (the background answers null, at once, when it does not).
const earlier = sendDataCall(send, 'getEarlierDashboard', [filter]);

// The schemas the reply is checked against load meanwhile too (the client would import them on its first call).
void import('../../lib/core/messages/dashboard-methods');
void import('./page').then(({ startDashboard }) => startDashboard([first, earlier]));
