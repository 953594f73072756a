import {
  dashboardDataOf,
  dashboardFrom,
  dashboardRows,
  dashboardView,
  dashboardSettingsOf,
  DashboardFilterSchema,
  preparePortfolio,
  preparedWith,
  selectsAccounts,
  selectsWithin,
  parseIsoDate,
  toIsoDate,
  DEFAULT_SETTINGS,
  type CrmRecordRef,
  type Dashboard,
  type DashboardFilter,
  type DashboardRows,
  type DashboardRowsRequest,
  type DashboardView,
  type EarlierDashboard,
  type DashboardSettings,
  type HealthSnapshot,
  type PreparedPortfolio,
  type PortfolioChange,
  type ReviewAgenda,
} from '../core/domain';
import { CHANNEL } from '../core/messages/channel';
import { safeParseOf } from '../core/parse';
import { type ChangedBroadcast, type ConnectionBroadcast } from '../core/messages/to-pages';
import { isBackendPort } from './backend-port';
import { isLocalDashboardPort, type KeptDashboardRead, type LocalDashboardPort } from './local';
import { filterCarriedTo, firstDashboardFilter } from '../core/domain/dashboard/periods';
import { DataError, isDataError, type DataErrorInfo } from '../core/errors';
import {
  LOCAL_CONNECTION,
  type ConflictChoice,
  type ConflictEdits,
  type ConnectionState,
  type DataApi,
  type DataEntity,
  type OutboxConflict,
  type ServiceStatus,
} from '../core/sync';

/** Which team backend and workspace the active source is, for the connection state. */
export interface BackendIdentity {
  url: string;
  workspace: string | null;
}
import type {
  AccountContext,
  AccountPage,
  AccountPatch,
  AccountQuery,
  ApprovalDecision,
  ApprovalRequest,
  CommitmentDraft,
  CommitmentPatch,
  DataPort,
  ExportBundle,
  FlagDraft,
  FlagPatch,
  HandoffAnswerInput,
  HealthSnapshotDraft,
  ImportMode,
  ImportSummary,
  MilestoneDraft,
  MilestonePatch,
  PlanCreate,
  ReminderInputs,
  ResolveResult,
  StageChangeInput,
  Unassigned,
} from '../core/model';

/** The part of the outbox the status line needs; the outbox is injected when a backend is active. */
export interface OutboxStatusSource {
  /** Called whenever the queue or the needs-attention list changes. */
  onChange?(listener: () => void): () => void;
  pendingCount(): Promise<number>;
  conflicts(): Promise<OutboxConflict[]>;
  /** 'mine' re-sends the change against the current version; 'theirs' drops it. */
  resolveConflict?(id: number, choice: ConflictChoice, edits?: ConflictEdits): Promise<void>;
  /** Replays the queue; joined rather than repeated when a replay is already running. */
  flush?(): Promise<unknown>;
}

export interface DataServiceOptions {
  port: DataPort;
  /** Sends a change to every open extension page; failures (no page open) are ignored. */
  broadcast?: (message: ChangedBroadcast) => unknown;
  /** Sends the connection state to every open extension page whenever it changes. */
  announce?: (message: ConnectionBroadcast) => unknown;
  outbox?: OutboxStatusSource | null;
  /** The settings the dashboard is computed with (ICP, health weights, service levels) as they are now. */
  dashboardSettings?: () => Promise<DashboardSettings>;
  /** Told each time a page asks for the dashboard of the local store (the background then keeps the next day's ready). */
  dashboardOpened?: () => void;
  now?: () => Date;
  /** How long after answering from kept figures the whole store is read for the calls that follow (READ_AHEAD_AFTER_MS). */
  readAheadAfterMs?: number;
  /** How long after the last write to a local store the figures kept today are computed again (KEPT_REFRESH_AFTER_MS). */
  keptRefreshAfterMs?: number;
  /** How long the whole store's read waits while a page paints the figures kept earlier (EARLIER_PAINT_MS). */
  earlierPaintMs?: number;
  /** How long the whole store's read ahead of the calls works before it lets the calls made meanwhile in (AHEAD_SLICE_MS). */
  aheadSliceMs?: number;
  /** Of how many accounts the figures are rehearsed once the kept inputs are read (REHEARSAL_ACCOUNTS). */
  rehearsalAccounts?: number;
  /** How long the rehearsal's unpacking works before it lets calls in (REHEARSAL_SLICE_MS). */
  rehearsalSliceMs?: number;
}

/**
 * A page answered from kept figures is still loading and painting them, on a
 * machine whose cores the worker's read of the whole store (IndexedDB and
 * parsing) would share: the read waits this long, unless a call that needs it
 * comes sooner. A page paints its first figures well within it.
 */
export const READ_AHEAD_AFTER_MS = 1_000;

/**
 * Writes come in bursts (an import's slices, a person's edits one after
 * another), and Chrome stops a worker only after 30 s without an event: the
 * figures are computed once the burst is over, well before that.
 */
export const KEPT_REFRESH_AFTER_MS = 5_000;

/**
 * A page shown figures kept earlier (before the latest writes, or on an
 * earlier day) paints them while the worker reads the whole store for the
 * current ones; on two cores that read (IndexedDB, the rows' parsing, its
 * garbage) held the paint back (the bench's "new day, no alarm" row: p95
 * 658 ms, 432 ms with this wait). The read takes seconds, so waiting this long
 * first moves the current figures little; a call that needs the read (a
 * drill-down, the agenda) starts it at once.
 */
export const EARLIER_PAINT_MS = 400;

/**
 * In a worker Chrome has just started, each function's first calls cost many
 * times its later ones: it is compiled, then run by the interpreter until it
 * has been called often, and only then optimised, on the machine's other
 * cores. A page answered from kept figures gives the worker a pause while it
 * paints, in which the figures of this many accounts, from the kept inputs,
 * are computed and let go, REHEARSAL_ROUNDS times: the filter a person
 * changes the moment the figures show then runs code already readied. Too
 * few, and that change's own code is optimised as it runs, on the second of
 * this machine's two cores (a trace of 8 changes after a rehearsal of 20
 * accounts: some 150 functions optimised during each, 80-415 ms of other
 * threads' time in a change of 120-190 ms, the slowest changes those with
 * the most). The first filter changed after the page showed, median and
 * slowest of 14 opens, builds taken in turns: 165 and 228 ms with 20
 * accounts, 151 and 221 with 200, 117 and 186 with 500;
 * the page's first figures painted no later (median 496, 465 and 433 ms).
 * (Measured earlier, not in turns: 200 slower than 20, 195 against 150 ms.)
 * In two page-bench runs with 500, that change measured 317 and 251 ms p95
 * of 20, slowest 500 and 299 (with 20: 320 and 351, slowest 328 and 397);
 * every paint was within its 500 ms p95 of 5 but one, the open after the
 * worker stopped in the second run, 545 ms (281 and 401 with 20). Those
 * were single rounds; it is now 125 accounts, four times (REHEARSAL_ROUNDS).
 */
const REHEARSAL_ACCOUNTS = 125;

/**
 * The rehearsal is made this many times over, each a task or a few: a page's
 * call to the worker (a filter changed) takes several messages between the
 * browser and the worker before it runs, each waiting for the worker's task
 * under way. Rehearsed once on 500 accounts, unpacking in slices of 15 ms,
 * a change traced as the page showed its figures began only once the whole
 * rehearsal was over (its figures alone one task of some 70 ms): 3-15 ms
 * after it ended in each of 6 of 8 opens, up to 145 ms after the page asked.
 * In 4 rounds of 125, slices of 5 ms, it began 2-16 ms after the page asked
 * in each of the 6 opens whose rehearsal was under way. The first change
 * after the page showed, 16 opens each, builds in turns: slowest 356 ms once
 * on 500, 217 in 4 rounds of 125 (239 in 2 rounds of 250), medians alike;
 * in a second run against the work ahead in steps (readKeptSoon), 379.
 */
const REHEARSAL_ROUNDS = 4;

// The rehearsal's unpacking lets calls in this often (REHEARSAL_ROUNDS).
const REHEARSAL_SLICE_MS = 5;

// As many as a person keeps record tabs open, so each one's panel comes back without a read.
const KEPT_CONTEXTS = 12;

/**
 * The background's single owner of data. It forwards to the active adapter
 * (local store by default, the team backend once configured), and after every
 * write tells every open page what changed so their views refresh at once.
 */
export class DataService implements DataApi {
  private port: DataPort;
  private outbox: OutboxStatusSource | null;
  private readonly broadcast: (message: ChangedBroadcast) => unknown;
  private readonly announce: (message: ConnectionBroadcast) => unknown;
  private lastError: DataErrorInfo | null = null;
  private backend: BackendIdentity | null = null;
  private unwatch: Array<() => void> = [];
  private lastConnection = '';
  private parked: () => Promise<number> = () => Promise.resolve(0);
  private readonly dashboardSettings: () => Promise<DashboardSettings>;
  private readonly dashboardOpened: () => void;
  private readonly now: () => Date;
  // Bumped by every change this service announces; see preparedPortfolio.
  private generation = 0;
  private prepared: PreparedEntry | null = null;
  // The read of the whole store under way, which every dashboard call of the
  // same state waits for rather than starting another, but for a filter that
  // selects accounts while the read is ahead of the calls (`read.ahead`): its
  // accounts answer it between the read's steps (narrowedPortfolio).
  private preparing: { at: PreparedAt; value: Promise<PreparedEntry>; read: { ahead: boolean } } | null = null;
  // The account contexts read last from the local store, until the next
  // change (a switch of source is one): a panel frame made again (its tab
  // shown after it was released) and the queries of a panel just opened find
  // them without a read.
  private contexts = new Map<string, Promise<AccountContext | null>>();
  // The inputs the local store kept packed, read once for every call until the whole portfolio is prepared from them;
  // `readAhead` once their unpacking was begun ahead of the calls (readKeptSoon).
  private keptRead: { at: PreparedAt; value: Promise<KeptDashboardRead | null>; readAhead?: boolean } | null = null;
  // The accounts one filter selects and their records, prepared from those inputs until the whole portfolio is.
  private narrowed: { at: PreparedAt; filter: DashboardFilter; value: Promise<PreparedEntry | null> } | null = null;
  private readAhead: ReturnType<typeof setTimeout> | null = null;
  // The last dashboard computed from the prepared portfolio: its view, its
  // drill-down pages and its agenda are asked for one after another.
  private computed: { prepared: PreparedPortfolio; key: string; value: Dashboard } | null = null;
  // The kept figures a woken worker looked up for the page's first filter:
  // the page's first two calls (getDashboard, getEarlierDashboard) share this
  // one read, so the second is answered before the store's read begins.
  private keptLookup: { port: DataPort; generation: number; key: string; value: Promise<KeptLookup> } | null = null;
  private readonly keptRefreshAfterMs: number;
  private readonly readAheadAfterMs: number;
  private readonly aheadSliceMs: number;
  private readonly rehearsalAccounts: number;
  private readonly rehearsalSliceMs: number;
  // Dashboard calls begun and not yet answered (dashboardCall).
  private dashboardCalls = 0;
  private readonly earlierPaintMs: number;
  // Settled when the next read of the whole store begins (preparedPortfolio):
  // a call waiting for a page to paint earlier figures joins that read then.
  private nextRead = promiseWithResolve();
  private keptRefresh: ReturnType<typeof setTimeout> | null = null;
  // An import landed since the kept figures were last computed again.
  private importedSinceRefresh = false;

  constructor(options: DataServiceOptions) {
    this.port = options.port;
    const settings = options.dashboardSettings ?? (() => Promise.resolve(dashboardSettingsOf(DEFAULT_SETTINGS)));
    // Calls made together share one read of the settings, so they go on in the order they came: the page's first
    // two dashboard calls then share one lookup of the kept figures (lookUpKept), and the second is answered
    // before the first starts the store's read rather than after it.
    let reading: Promise<DashboardSettings> | null = null;
    this.dashboardSettings = () =>
      (reading ??= settings().finally(() => {
        reading = null;
      }));
    this.dashboardOpened = options.dashboardOpened ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.keptRefreshAfterMs = options.keptRefreshAfterMs ?? KEPT_REFRESH_AFTER_MS;
    this.readAheadAfterMs = options.readAheadAfterMs ?? READ_AHEAD_AFTER_MS;
    this.aheadSliceMs = options.aheadSliceMs ?? AHEAD_SLICE_MS;
    this.rehearsalAccounts = options.rehearsalAccounts ?? REHEARSAL_ACCOUNTS;
    this.rehearsalSliceMs = options.rehearsalSliceMs ?? REHEARSAL_SLICE_MS;
    this.earlierPaintMs = options.earlierPaintMs ?? EARLIER_PAINT_MS;
    this.outbox = options.outbox ?? null;
    this.broadcast = options.broadcast ?? (() => undefined);
    this.announce = options.announce ?? (() => undefined);
  }

  get source(): 'local' | 'backend' {
    return this.port.source;
  }

  /**
   * Gives back the memory of the dashboard's prepared portfolio and last
   * figures (every account's health and ARR timeline), kept only for someone
   * working on the dashboard: once no Seamline page is open, the next
   * dashboard reads the store again.
   */
  releaseCaches(): void {
    if (this.readAhead !== null) clearTimeout(this.readAhead);
    this.readAhead = null;
    this.prepared = null;
    this.preparing = null;
    this.keptRead = null;
    this.narrowed = null;
    this.computed = null;
    this.keptLookup = null;
  }

  get activePort(): DataPort {
    return this.port;
  }

  /** Switches adapter. Every cached view of the old source is stale for the new one. */
  setPort(port: DataPort, outbox: OutboxStatusSource | null = null, backend: BackendIdentity | null = null): void {
    for (const off of this.unwatch) off();
    this.unwatch = [];
    this.port = port;
    this.outbox = outbox;
    this.backend = backend;
    this.lastError = null;
    // Pages follow the connection as one value: every change to it is announced.
    const announce = () => void this.announceConnection();
    if (isBackendPort(port)) this.unwatch.push(port.onConnectionChange(announce));
    if (outbox?.onChange) this.unwatch.push(outbox.onChange(announce));
    this.emit([], ['store']);
    announce();
  }

  /**
   * Someone else changed the team backend's data (its live feed said so):
   * what it names is stale here and in every open page. Reads always ask the
   * backend while it answers, so only the views need refreshing.
   */
  changedElsewhere(accountIds: string[], entities: DataEntity[]): void {
    if (this.port.source !== 'backend') return;
    this.emit(accountIds, entities, 'backend');
  }

  /** The backend named its workspace after the connection was made: shown from now on. */
  setBackendIdentity(backend: BackendIdentity): void {
    this.backend = backend;
    void this.announceConnection();
  }

  /** Counts writes still queued for earlier backends or workspaces (the settings owner knows them). */
  setParkedSource(count: () => Promise<number>): void {
    this.parked = count;
    void this.announceConnection();
  }

  /** Tells pages the connection changed for a reason they cannot see (a parked queue sent or discarded). */
  refreshConnection(): Promise<void> {
    return this.announceConnection();
  }

  /** The connection as pages show it: reachability comes from the backend's answers only. */
  async connection(): Promise<ConnectionState> {
    return (await this.snapshot()).connection;
  }

  async status(): Promise<ServiceStatus> {
    return this.snapshot();
  }

  private async snapshot(): Promise<ServiceStatus> {
    const port = this.port;
    const [pendingWrites, conflicts] = this.outbox ? await Promise.all([this.outbox.pendingCount(), this.outbox.conflicts()]) : [0, []];
    const parked = await this.parked().catch(() => 0);
    const connection: ConnectionState =
      port.source === 'local'
        ? { ...LOCAL_CONNECTION, parked }
        : {
            source: 'backend',
            reachability: isBackendPort(port) ? port.connection() : 'unknown',
            offlineSince: isBackendPort(port) ? port.offlineSince() : null,
            pending: pendingWrites,
            needsAttention: conflicts.length,
            backendUrl: this.backend?.url ?? null,
            workspace: this.backend?.workspace ?? null,
            parked,
          };
    return { source: port.source, pendingWrites, conflicts, lastError: this.lastError, connection };
  }

  private async announceConnection(): Promise<void> {
    const state = await this.connection().catch(() => null);
    if (!state) return;
    const key = JSON.stringify(state);
    if (key === this.lastConnection) return;
    this.lastConnection = key;
    this.send(() => this.announce({ channel: CHANNEL, type: 'connection', state }));
  }

  async resolveConflict(id: number, choice: ConflictChoice, edits?: ConflictEdits): Promise<null> {
    const outbox = this.outbox;
    if (!outbox?.resolveConflict) {
      throw new DataError({
        kind: 'validation',
        message: 'There are no unsynced changes to resolve: the active data source has no outbox.',
      });
    }
    const source = this.port.source;
    try {
      await outbox.resolveConflict(id, choice, edits);
    } catch (e) {
      throw isDataError(e) ? e : new DataError({ kind: 'storage', message: e instanceof Error ? e.message : String(e) });
    }
    // The conflicted change may have touched any record, and the conflict list
    // itself changed: everything of this source is stale.
    this.emit([], ['store'], source);
    if (choice === 'mine' && outbox.flush) {
      // The re-sent change lands after this call returns; refresh again then,
      // or pages would keep showing the other version until the next write.
      const refresh = () => {
        if (this.outbox === outbox) this.emit([], ['store'], source);
      };
      void outbox.flush().then(refresh, refresh);
    }
    return null;
  }

  // ---- reads ---------------------------------------------------------------

  resolveRecord(ref: CrmRecordRef): Promise<ResolveResult> {
    return this.run((p) => p.resolveRecord(ref));
  }
  getAccountContext(accountId: string): Promise<AccountContext | null> {
    if (this.port.source !== 'local') return this.run((p) => p.getAccountContext(accountId));
    const kept = this.contexts.get(accountId);
    if (kept) return kept;
    const value = this.run((p) => p.getAccountContext(accountId));
    this.contexts.set(accountId, value);
    if (this.contexts.size > KEPT_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value!);
    // A failed read is not kept: the next caller reads again.
    value.catch(() => {
      if (this.contexts.get(accountId) === value) this.contexts.delete(accountId);
    });
    return value;
  }
  listAccounts(query: AccountQuery): Promise<AccountPage> {
    return this.run((p) => p.listAccounts(query));
  }
  listUnassigned(): Promise<Unassigned> {
    return this.run((p) => p.listUnassigned());
  }
  exportAll(): Promise<ExportBundle> {
    return this.run((p) => p.exportAll());
  }
  reminderInputs(): Promise<ReminderInputs> {
    return this.run((p) => p.reminderInputs());
  }
  /**
   * Read from the active source in full (every row parsed on the way), then
   * computed here in the background: only the figures reach the page. A
   * source without ARR history (the team backend) gives an empty history, so
   * retention shows every account as not counted rather than a made-up ratio.
   */
  getDashboard(filter: DashboardFilter): Promise<DashboardView> {
    return this.dashboardCall(async (p) => {
      const settings = await this.dashboardSettings();
      // The team backend computes its figures where its data is.
      if (p.source === 'backend') return p.dashboard(filter, settings);
      if (isLocalDashboardPort(p)) this.dashboardOpened();
      const key = dashboardViewKey(filter, settings);
      // A worker that has not read the store yet (just started, or its caches
      // released) answers from the figures kept when nothing has been written
      // since, and reads the store soon after for the calls that follow.
      if (isLocalDashboardPort(p) && !this.preparedCurrent(p, settings)) {
        const { current: kept, earlier } = await this.lookUpKept(p, filter, settings);
        if (kept) {
          this.readAheadSoon(p, settings, filter);
          return kept;
        }
        // The page shows these meanwhile (getEarlierDashboard shares this lookup); a read begun or done since the
        // lookup began is not waited for.
        if (earlier && !this.preparedCurrent(p, settings) && !this.reading(p, settings)) await this.readBegunOr(this.earlierPaintMs);
      }
      const { dashboard, revision, narrowed } = await this.localDashboard(p, settings, filter);
      const view = dashboardView(dashboard);
      if (isLocalDashboardPort(p) && revision !== null) this.keep(p, key, view, revision, settings).catch(() => undefined);
      if (narrowed) this.readAheadSoon(p, settings, filter);
      return view;
    });
  }

  /**
   * Figures kept earlier for `filter`, for the page to show, marked, while
   * getDashboard reads the store and computes the current ones: kept before
   * the latest writes, by the build before an update, or on the day the
   * dashboard was last used for the same choice of period and people
   * (`filterCarriedTo`). Null when the current figures are at hand (in
   * memory, or kept since the last write today), for figures of other
   * settings, and on the team backend, which keeps none.
   */
  getEarlierDashboard(filter: DashboardFilter): Promise<EarlierDashboard | null> {
    return this.dashboardCall(async (p) => {
      // Asked first: in the background the settings wait for the data source to be restored, and only then does
      // the port say which it is.
      const settings = await this.dashboardSettings();
      if (p.source === 'backend' || !isLocalDashboardPort(p) || this.preparedCurrent(p, settings)) return null;
      return (await this.lookUpKept(p, filter, settings)).earlier;
    });
  }

  /**
   * The figures kept for `filter`, in one read of them: the current ones
   * (kept today at the store's count of writes), or else the latest kept for
   * it today, or else those kept on the last day the dashboard was used for
   * the same choice carried to today. A lookup is shared by the calls that
   * ask for the same key until the next change or figures kept anew.
   */
  private lookUpKept(p: LocalDashboardPort, filter: DashboardFilter, settings: DashboardSettings): Promise<KeptLookup> {
    const key = dashboardViewKey(filter, settings);
    const shared = this.keptLookup;
    if (shared && shared.port === p && shared.generation === this.generation && shared.key === key) return shared.value;
    const today = toIsoDate(this.now());
    const carriedToToday = (kept: string) => {
      const earlier = keptFilter(kept, settings);
      const carried = earlier && filterCarriedTo(earlier, today);
      return carried !== null && dashboardViewKey(carried, settings) === key;
    };
    const value = p
      .keptDashboardViewWhere((kept) => (kept.asOf === today ? kept.key === key : kept.asOf < today && carriedToToday(kept.key)))
      .then((found): KeptLookup => {
        if (!found) return { current: null, earlier: null };
        if (found.view.asOf !== today) return { current: null, earlier: { view: found.view, behind: 'day' } };
        if (found.current) return { current: found.view, earlier: null };
        return { current: null, earlier: { view: found.view, behind: found.olderBuild ? 'update' : 'writes' } };
      })
      .catch((): KeptLookup => ({ current: null, earlier: null }));
    this.keptLookup = { port: p, generation: this.generation, key, value };
    return value;
  }

  // Figures kept anew make any lookup of the kept ones out of date.
  private async keep(p: LocalDashboardPort, key: string, view: DashboardView, revision: number, settings: DashboardSettings): Promise<boolean> {
    const opensOn = key === dashboardViewKey(firstDashboardFilter(parseIsoDate(view.asOf)), settings);
    const kept = await p.keepDashboardView(key, view, revision, opensOn);
    if (kept) this.keptLookup = null;
    return kept;
  }

  getDashboardRows(request: DashboardRowsRequest): Promise<DashboardRows> {
    return this.dashboardCall(async (p) => {
      const settings = await this.dashboardSettings();
      if (p.source === 'backend') return p.dashboardRows(request, settings);
      const { dashboard, prepared } = await this.localDashboard(p, settings, request.filter);
      const rows = dashboardRows(dashboard, prepared.data.accounts, request);
      if (!rows) throw new DataError({ kind: 'not-found', message: `The dashboard has no list of accounts named ${JSON.stringify(request.list)}.` });
      return rows;
    });
  }

  getDashboardAgenda(filter: DashboardFilter): Promise<ReviewAgenda> {
    return this.dashboardCall(async (p) => {
      const settings = await this.dashboardSettings();
      if (p.source === 'backend') return p.dashboardAgenda(filter, settings);
      return (await this.localDashboard(p, settings, filter)).dashboard.agenda;
    });
  }

  /**
   * Computes again the figures kept today for the filters someone looked at,
   * from a fresh read of the local store, and keeps them under its new count
   * of writes. A write makes kept figures stale; without this, the first
   * dashboard after the worker stopped (as Chrome stops an idle one) waits
   * for the whole store to be read. Nothing is read when no figures were kept
   * today, so a person who does not use the dashboard pays nothing — unless
   * an import landed: whoever loads a portfolio is about to look at it, so
   * the view the page opens on is computed then (`firstDashboardFilter`).
   *
   * `newDay`, once the day has changed since the dashboard was last opened:
   * kept figures hold for their day only, so with none kept yet today the
   * page's first open would wait for the whole store to be read. The view
   * it opens on and the choices of period, segment and people looked at on
   * that last day, made today (`filterCarriedTo`), are computed and kept.
   */
  async refreshKeptDashboards({ newDay = false }: { newDay?: boolean } = {}): Promise<void> {
    const p = this.port;
    if (!isLocalDashboardPort(p)) return;
    const imported = this.importedSinceRefresh;
    this.importedSinceRefresh = false;
    try {
      const settings = await this.dashboardSettings();
      const now = this.now();
      const day = toIsoDate(now);
      const kept = await p.keptDashboardKeys(day);
      // Current ones were kept by a dashboard opened since the write.
      const stale = kept.flatMap((k) => (k.current ? [] : [keptFilter(k.key, settings)])).filter((f) => f !== null);
      if (imported && stale.length === 0 && !kept.some((k) => k.current)) stale.push(firstDashboardFilter(now));
      if (newDay && kept.length === 0) {
        const carried = (await p.keptDashboardKeysBefore(day)).flatMap((key) => {
          const filter = keptFilter(key, settings);
          const today = filter && filterCarriedTo(filter, day);
          return today ? [today] : [];
        });
        // Only for someone who looked at the dashboard. The view the page opens on is computed last (see the loop
        // below), so it is the first the store keeps and never the one its limit drops.
        if (carried.length > 0) stale.unshift(firstDashboardFilter(now), ...carried);
      }
      // With no figures to compute again, the store is still read when the dashboard was used today under these
      // settings and its inputs are not kept current (a page computed its figures from its own read since the write).
      const used = kept.some((k) => keptFilter(k.key, settings) !== null);
      if (stale.length === 0 && (!used || (await p.dashboardReadKept(day)))) return;
      const held = this.prepared !== null || this.preparing !== null;
      // A portfolio that took a write in place has no count of writes to keep figures under.
      if (this.prepared?.revision === null) this.prepared = null;
      const entry = await this.preparedPortfolio(p, settings);
      if (entry.revision === null) return;
      // Each filter once (an import and a new day both ask for the view the page opens on), at its first place.
      const filters = [...new Map(stale.map((f) => [dashboardViewKey(f, settings), f])).values()];
      // Oldest first: the store keeps the last one first, as the person last looked.
      for (const filter of filters.reverse()) {
        const view = dashboardView(dashboardFrom(entry.value, settings, filter, now));
        if (!(await this.keep(p, dashboardViewKey(filter, settings), view, entry.revision, settings))) break;
      }
      // Kept for the next worker too, unless that is where they came from; in the background, as nobody waits.
      if (!entry.keptRead) await p.keepDashboardRead(entry.value.data, entry.revision, day);
      // Read for this alone: the memory goes again, as it does once the last page closed.
      if (!held && this.prepared === entry) this.prepared = null;
    } catch {
      // Derived figures: the next dashboard computes them itself.
    }
  }

  private scheduleKeptRefresh(): void {
    if (this.keptRefresh !== null) clearTimeout(this.keptRefresh);
    this.keptRefresh = setTimeout(() => {
      this.keptRefresh = null;
      void this.refreshKeptDashboards();
    }, this.keptRefreshAfterMs);
  }

  private async localDashboard(
    p: DataPort,
    settings: DashboardSettings,
    filter: DashboardFilter,
  ): Promise<{ dashboard: Dashboard; prepared: PreparedPortfolio; revision: number | null; narrowed: boolean }> {
    const narrowed = await this.narrowedPortfolio(p, settings, filter);
    const { value: prepared, revision } = narrowed ?? (await this.preparedPortfolio(p, settings));
    const key = dashboardViewKey(filter, settings);
    const cached = this.computed;
    if (cached && cached.prepared === prepared && cached.key === key)
      return { dashboard: cached.value, prepared, revision, narrowed: narrowed !== null };
    const dashboard = dashboardFrom(prepared, settings, filter, this.now());
    this.computed = { prepared, key, value: dashboard };
    return { dashboard, prepared, revision, narrowed: narrowed !== null };
  }

  // Answered without the whole portfolio, which is read once the person pauses (READ_AHEAD_AFTER_MS after the last
  // such answer) for the calls that follow (readWholeAhead): another source by then has its own reads, and a call
  // meanwhile may have read it. A person who changes a filter as it is read is answered between its steps. The kept
  // inputs, which a filter changed meanwhile unpacks, are read sooner.
  private readAheadSoon(p: DataPort, settings: DashboardSettings, filter: DashboardFilter): void {
    if (this.readAhead !== null) clearTimeout(this.readAhead);
    this.readKeptSoon(p, settings, filter);
    this.readAhead = setTimeout(() => {
      this.readAhead = null;
      if (this.port === p && !this.preparedCurrent(p, settings)) this.readWholeAhead(p, settings, filter).catch(() => undefined);
    }, this.readAheadAfterMs);
  }

  // The whole portfolio, read in steps that let the calls made meanwhile in (preparedPortfolio), then the figures of
  // `filter` from it, unless a call answered from it meanwhile: its page asks next for the drill-downs of its own.
  private async readWholeAhead(p: DataPort, settings: DashboardSettings, filter: DashboardFilter): Promise<void> {
    const { value: prepared } = await this.preparedPortfolio(p, settings, true);
    await yieldToCalls();
    if (this.prepared?.value !== prepared || this.computed?.prepared === prepared) return;
    this.computed = { prepared, key: dashboardViewKey(filter, settings), value: dashboardFrom(prepared, settings, filter, this.now()) };
  }

  // The kept inputs, read at once: IndexedDB hands their record over off the worker's thread, and a filter changed as
  // the page paints finds it read. What every unpacking of them does first is done as soon as it is read, so that
  // filter finds that done too: some 100 ms pass between the answer and a filter changed the moment the figures show.
  // Since its fields are checked without zod's parse (plainCheckOf) this work no longer holds the page's paint back
  // (first figures painted, 12 opens each: median 264 ms and slowest 315 done at once, 282 and 368 done 400 ms
  // later), so it no longer waits for the paint. Nothing is done twice. (While the whole read ahead made a list's
  // rows in one step of 30-90 ms, doing this at once took the page bench's p95 of 20 for a filter changed a second
  // after the paint from 236 to 369 ms, the change landing, it seems, in those steps more often; with the rows made a
  // few thousand at a time (CELLS_PER_STEP), 216.)
  private readKeptSoon(p: DataPort, settings: DashboardSettings, filter: DashboardFilter): void {
    if (this.port !== p || !isLocalDashboardPort(p) || this.preparedCurrent(p, settings) || this.reading(p, settings)) return;
    const value = this.keptReadOf(p, this.preparedAt(p, settings), this.now());
    if (this.keptRead?.readAhead) return;
    this.keptRead!.readAhead = true;
    void value
      .then(async (read) => {
        // Unless the whole portfolio was prepared meanwhile, which lets the kept inputs go.
        if (!read || this.keptRead?.value !== value) return;
        // In slices, as the rehearsal (REHEARSAL_ROUNDS): in one task of 40-90 ms, after the 25-55 ms of the record's
        // own reading, it held back a filter changed as the page showed its figures in 2 of 8 traced opens. (16 opens
        // each, builds in turns: that change's 4 slowest 180-252 ms in slices, 176-379 in one task; medians 143 and 128.)
        await inSteps(read.readAheadInSteps(), this.rehearsalSliceMs, () => this.letCallsIn({ ahead: true }));
        if (this.keptRead?.value !== value) return;
        // Its figures are let go, and so is a failure: a call that meets the same inputs reports it.
        this.rehearseFigures(read, settings, filter, () => this.keptRead?.value === value).catch(() => undefined);
      })
      // The work ahead is let go too: the call that meets the same inputs does it, and reports what fails.
      .catch(() => undefined);
  }

  // The figures of the first accounts of the kept inputs (REHEARSAL_ACCOUNTS), let go, in rounds (REHEARSAL_ROUNDS):
  // their unpacking in slices (REHEARSAL_SLICE_MS), their preparing and their figures each in a task of its own, so
  // that a call come meanwhile runs to its answer first, and nothing more once a call has unpacked or computed, which
  // leaves nothing to ready. (Unpacked in one task, 500 accounts held a change that came as it ran: 16 opens each,
  // builds in turns, the first change's slowest 293 ms and its 5 slowest 161-293, against 227 and 131-227 in slices.)
  private async rehearseFigures(read: KeptDashboardRead, settings: DashboardSettings, filter: DashboardFilter, current: () => boolean) {
    const wanted = async () => {
      await this.letCallsIn({ ahead: true });
      return current() && this.narrowed === null && this.computed === null;
    };
    for (let round = 0; round < REHEARSAL_ROUNDS; round++) {
      if (!(await wanted())) return;
      const first = await inSteps(read.firstInputsInSteps(this.rehearsalAccounts), this.rehearsalSliceMs, wanted);
      if (first === STOPPED || first === null || !(await wanted())) return;
      const now = this.now();
      const prepared = preparePortfolio(first, settings.healthWeights, now);
      // Every account of the few, whatever the filter's people: its period alone.
      if (!(await wanted())) return;
      dashboardFrom(prepared, settings, { from: filter.from, to: filter.to }, now);
    }
  }

  /**
   * Under a filter that selects accounts (a segment, an owner AE or a CSM),
   * while the whole portfolio is neither in memory nor being read: those
   * accounts and their records, from the inputs the local store kept packed.
   * Their figures are the whole portfolio's under the filter, and a worker
   * Chrome has just started unpacks and prepares a sixth of a portfolio (one
   * owner of six) in a fraction of the time the whole takes. The last
   * selection is kept for the calls that follow (its drill-downs, another
   * period, or fewer of its accounts). None when the store kept no current
   * inputs.
   */
  private narrowedPortfolio(p: DataPort, settings: DashboardSettings, filter: DashboardFilter): Promise<PreparedEntry | null> {
    // The whole portfolio read ahead in steps would keep this call waiting for every account's unpacking (some
    // 800 ms in a worker Chrome has just started, for 10,000 accounts); the filter's accounts take a fraction of
    // that, between its steps, and share the values it checked.
    if (!isLocalDashboardPort(p) || !selectsAccounts(filter) || this.preparedCurrent(p, settings) || this.readingForCalls(p, settings)) {
      return Promise.resolve(null);
    }
    const now = this.now();
    const at = this.preparedAt(p, settings, now);
    // A filter that picks among the accounts of the one narrowed to (the same owner, or a segment of that CSM's
    // accounts) finds all it reads there, and only that beside other accounts' records, which its figures skip.
    const held = this.narrowed;
    if (held && selectsWithin(filter, held.filter) && sameState(held.at, at)) return held.value;
    const value = (async (): Promise<PreparedEntry | null> => {
      const kept = await this.keptReadOf(p, at, now);
      const data = kept?.inputs(filter);
      return kept && data ? { at, revision: kept.revision, value: preparePortfolio(data, settings.healthWeights, now), keptRead: true } : null;
    })();
    this.narrowed = { at, filter, value };
    return value;
  }

  // The store's kept inputs, read once under one state (their record is some six megabytes for 10,000 accounts).
  private keptReadOf(p: LocalDashboardPort, at: PreparedAt, now: Date): Promise<KeptDashboardRead | null> {
    if (this.keptRead && sameState(this.keptRead.at, at)) return this.keptRead.value;
    const value = p.keptDashboardReadAt(now).catch(() => null);
    this.keptRead = { at, value };
    return value;
  }

  private preparedAt(p: DataPort, settings: DashboardSettings, now = this.now()): PreparedAt {
    return { port: p, generation: this.generation, day: toIsoDate(now), weights: JSON.stringify(settings.healthWeights) };
  }

  private preparedCurrent(p: DataPort, settings: DashboardSettings): boolean {
    return this.prepared !== null && sameState(this.prepared.at, this.preparedAt(p, settings));
  }

  private reading(p: DataPort, settings: DashboardSettings): boolean {
    return this.preparing !== null && sameState(this.preparing.at, this.preparedAt(p, settings));
  }

  // A read of the whole store that a call began, rather than one ahead of the calls.
  private readingForCalls(p: DataPort, settings: DashboardSettings): boolean {
    return this.reading(p, settings) && !this.preparing!.read.ahead;
  }

  // Waits `ms`, or less if a read of the whole store begins meanwhile.
  private async readBegunOr(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.nextRead.promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /**
   * The local store changes only through this service, so its portfolio and
   * the health of every account are kept until the next write, another day or
   * other health weights: a person changing the dashboard's filters waits for
   * the figures only.
   */
  private preparedPortfolio(p: DataPort, settings: DashboardSettings, ahead = false): Promise<PreparedEntry> {
    const now = this.now();
    const at = this.preparedAt(p, settings, now);
    if (this.prepared && sameState(this.prepared.at, at)) return Promise.resolve(this.prepared);
    if (this.preparing && sameState(this.preparing.at, at)) {
      // A call that needs the whole portfolio now waits for it, and so does every call after it.
      if (!ahead) this.preparing.read.ahead = false;
      return this.preparing.value;
    }
    const read = { ahead };
    const value = (async (): Promise<PreparedEntry> => {
      // A local store's inputs kept at its count of writes today are those its whole read gives, in one record.
      const kept = isLocalDashboardPort(p) ? await this.keptReadOf(p, at, now) : null;
      const letIn = () => this.letCallsIn(read);
      const between = (): Promise<true> => (read.ahead ? letIn() : Promise.resolve(true));
      const keptData = kept === null ? null : ahead ? await inSteps(kept.inputsInSteps(), this.aheadSliceMs, between) : kept.inputs();
      if (read.ahead) await letIn();
      const { data, revision } =
        kept && keptData
          ? { data: keptData, revision: kept.revision }
          : isLocalDashboardPort(p)
            ? await p.dashboardDataAt(now)
            : { data: dashboardDataOf(await p.exportAll()), revision: null };
      const entry = { at, revision, value: preparePortfolio(data, settings.healthWeights, now), keptRead: keptData !== null };
      // A write that landed while the portfolio was read may be missing from it; caches let go meanwhile stay so.
      if (at.generation === this.generation && this.preparing?.read === read) {
        this.prepared = entry;
        // Memory the whole portfolio makes needless.
        this.keptRead = null;
        this.narrowed = null;
      }
      return entry;
    })();
    const preparing = { at, value, read };
    this.preparing = preparing;
    this.nextRead.resolve();
    this.nextRead = promiseWithResolve();
    const done = () => {
      if (this.preparing === preparing) this.preparing = null;
    };
    value.then(done, done);
    return value;
  }

  // ---- writes --------------------------------------------------------------

  createAccount(draft: Parameters<DataPort['createAccount']>[0]) {
    return this.write(
      (p) => p.createAccount(draft),
      (a) => [[a.id], ['accounts']],
    );
  }
  updateAccount(id: string, patch: AccountPatch, expectedVersion: number) {
    return this.write(
      (p) => p.updateAccount(id, patch, expectedVersion),
      (a) => [[a.id], ['accounts']],
    );
  }
  linkRecord(accountId: string, link: Parameters<DataPort['linkRecord']>[1]) {
    // The ref may have moved off another account, which the change cannot name.
    return this.write(
      (p) => p.linkRecord(accountId, link),
      (a) => [[a.id], ['accounts', 'reassigned']],
    );
  }
  addHealthSnapshot(draft: HealthSnapshotDraft) {
    // A local store's portfolio holds the readings it marked for the dashboard:
    // the account's marked readings replace its own, as a fresh read would give them.
    let marked: HealthSnapshot[] | null = null;
    return this.write(
      async (p) => {
        const snapshot = await p.addHealthSnapshot(draft);
        if (this.prepared && isLocalDashboardPort(p)) marked = await p.dashboardReadingsOf(snapshot.accountId, this.now()).catch(() => null);
        return snapshot;
      },
      (s) => [[s.accountId], ['snapshots']],
      (snapshot, port) =>
        !isLocalDashboardPort(port) ? { snapshot } : marked ? { readings: { accountId: snapshot.accountId, snapshots: marked } } : null,
    );
  }
  createCommitment(draft: CommitmentDraft) {
    return this.write(
      (p) => p.createCommitment(draft),
      (c) => [ids(c.accountId), ['commitments']],
      (commitment) => ({ commitment }),
    );
  }
  updateCommitment(id: string, patch: CommitmentPatch, expectedVersion: number) {
    return this.write(
      (p) => p.updateCommitment(id, patch, expectedVersion),
      (c) => [ids(c.accountId), 'accountId' in patch ? ['commitments', 'reassigned'] : ['commitments']],
      (commitment) => ({ commitment }),
    );
  }
  createFlag(draft: FlagDraft) {
    return this.write(
      (p) => p.createFlag(draft),
      (f) => [ids(f.accountId), ['flags']],
      (flag) => ({ flag }),
    );
  }
  updateFlag(id: string, patch: FlagPatch, expectedVersion: number) {
    return this.write(
      (p) => p.updateFlag(id, patch, expectedVersion),
      (f) => [ids(f.accountId), 'accountId' in patch ? ['flags', 'reassigned'] : ['flags']],
      (flag) => ({ flag }),
    );
  }
  setHandoffAnswer(input: HandoffAnswerInput) {
    return this.write(
      (p) => p.setHandoffAnswer(input),
      (h) => [[h.accountId], ['handoff']],
    );
  }
  requestApproval(input: ApprovalRequest) {
    return this.write(
      (p) => p.requestApproval(input),
      (a) => [[a.accountId], ['approvals']],
    );
  }
  decideApproval(input: ApprovalDecision) {
    return this.write(
      (p) => p.decideApproval(input),
      (a) => [[a.accountId], ['approvals']],
    );
  }
  createPlan(input: PlanCreate) {
    return this.write(
      (p) => p.createPlan(input),
      (plan) => [[plan.accountId], ['milestones']],
    );
  }
  createMilestone(draft: MilestoneDraft) {
    return this.write(
      (p) => p.createMilestone(draft),
      (m) => [[m.accountId], ['milestones']],
    );
  }
  updateMilestone(accountId: string, id: string, patch: MilestonePatch, expectedVersion: number) {
    return this.write(
      (p) => p.updateMilestone(accountId, id, patch, expectedVersion),
      (m) => [[m.accountId], ['milestones']],
    );
  }
  changeStage(input: StageChangeInput) {
    return this.write(
      (p) => p.changeStage(input),
      (r) => [[r.account.id], ['accounts', 'stageChanges']],
    );
  }
  importAll(bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary> {
    return this.write(
      async (p) => {
        const summary = await p.importAll(bundle, mode);
        if (isLocalDashboardPort(p)) this.importedSinceRefresh = true;
        return summary;
      },
      () => [[], ['store']],
    );
  }

  // ---- plumbing ------------------------------------------------------------

  // A dashboard call, counted while it runs: the read ahead of the calls lets it run to its answer (letCallsIn).
  private dashboardCall<T>(call: (port: DataPort) => Promise<T>): Promise<T> {
    this.dashboardCalls++;
    return this.run(call).finally(() => this.dashboardCalls--);
  }

  // The read ahead of the calls gives the worker to the tasks queued meanwhile, and then, while it is still ahead,
  // waits for the dashboard calls among them to be answered: each hands the worker back at its every wait (the kept
  // figures' lookup, the kept inputs' record), which would otherwise be this read's next slice.
  private async letCallsIn(read: { ahead: boolean }): Promise<true> {
    await yieldToCalls();
    while (read.ahead && this.dashboardCalls > 0) await yieldToCalls();
    return true;
  }

  private async run<T>(call: (port: DataPort) => Promise<T>): Promise<T> {
    const port = this.port;
    try {
      const value = await call(port);
      // An answer from the offline cache is not the backend answering: the error that sent us there stands.
      const cached = value !== null && typeof value === 'object' && 'offline' in value;
      if (port === this.port && !cached) this.lastError = null;
      return value;
    } catch (e) {
      const error = isDataError(e)
        ? e
        : new DataError({
            kind: port.source === 'local' ? 'storage' : 'server',
            message: e instanceof Error ? e.message : String(e),
          });
      if (port === this.port) this.lastError = error.info;
      throw error;
    }
  }

  /**
   * `change` names the one record a write stored, when that is all it
   * changed: the kept dashboard portfolio then takes it in instead of being
   * read again in full (other writes can touch more than they return, such
   * as an ARR change recorded with an account's new ARR).
   */
  private async write<T>(
    call: (port: DataPort) => Promise<T>,
    touched: (value: T) => [string[], DataEntity[]],
    // Null when the change cannot be applied: the portfolio is then read again.
    change?: (value: T, port: DataPort) => PortfolioChange | null,
  ): Promise<T> {
    const source = this.port.source;
    const port = this.port;
    const value = await this.run(call);
    const [accountIds, entities] = touched(value);
    const kept = this.prepared;
    this.emit(accountIds, entities, source);
    if (isLocalDashboardPort(port)) this.scheduleKeptRefresh();
    // Only a portfolio that was current until this write, of the store it went to.
    if (change && kept && kept.at.generation === this.generation - 1 && kept.at.port === port && port === this.port) {
      // The store's count of writes after this one is not known here, so
      // figures computed from this portfolio are not kept for a later worker.
      const at = { ...kept.at, generation: this.generation };
      const applied = change(value, port);
      if (applied) this.prepared = { at, revision: null, value: preparedWith(kept.value, applied) };
    }
    return value;
  }

  private emit(accountIds: string[], entities: DataEntity[], source = this.port.source): void {
    this.generation++;
    this.prepared = null;
    this.preparing = null;
    this.keptRead = null;
    this.narrowed = null;
    this.contexts.clear();
    this.send(() => this.broadcast({ channel: CHANNEL, type: 'changed', source, accountIds, entities }));
  }

  private send(deliver: () => unknown): void {
    try {
      const sent = deliver();
      if (sent && typeof (sent as Promise<unknown>).catch === 'function') (sent as Promise<unknown>).catch(() => undefined);
    } catch {
      // No page listening is normal; the write itself succeeded.
    }
  }
}

/** Which figures a dashboard view holds, on the day it names itself. */
export function dashboardViewKey(filter: DashboardFilter, settings: DashboardSettings): string {
  return JSON.stringify([filter, settings]);
}

/** The filter figures were kept for under `key`, if they were computed with `settings` (figures of settings no longer in force are left). */
function keptFilter(key: string, settings: DashboardSettings): DashboardFilter | null {
  let stored: unknown;
  try {
    stored = JSON.parse(key);
  } catch {
    return null;
  }
  const filter = safeParseOf(DashboardFilterSchema, Array.isArray(stored) ? stored[0] : undefined);
  return filter.success && dashboardViewKey(filter.data, settings) === key ? filter.data : null;
}

/** What the local store keeps for a filter: its current figures, or else earlier ones to show meanwhile. */
interface KeptLookup {
  current: DashboardView | null;
  earlier: EarlierDashboard | null;
}

/** What a prepared portfolio was read under: the port, the changes announced, the day and the health weights. */
interface PreparedAt {
  port: DataPort;
  generation: number;
  day: string;
  weights: string;
}

interface PreparedEntry {
  at: PreparedAt;
  // The local store's count of writes its data was read at; null when unknown.
  revision: number | null;
  value: PreparedPortfolio;
  // Read from the inputs the store kept packed (keptDashboardReadAt), not row by row.
  keptRead?: boolean;
}

function sameState(a: PreparedAt, b: PreparedAt): boolean {
  return a.port === b.port && a.generation === b.generation && a.day === b.day && a.weights === b.weights;
}

function ids(accountId: string | null): string[] {
  return accountId === null ? [] : [accountId];
}

/**
 * The whole store's read ahead of the calls unpacks in slices of about this
 * long, each a few columns' values checked, so that a call made meanwhile
 * waits for one slice, not for every account's unpacking (preparing them
 * after, some 100 ms for 10,000 accounts, is one piece).
 */
export const AHEAD_SLICE_MS = 15;

// The tasks queued meanwhile (a page's call) run first.
function yieldToCalls(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const STOPPED = Symbol('stopped');

// The steps run to their end, `between` awaited after each slice of `sliceMs`; they stop where it says no, which
// one that always goes on cannot.
async function inSteps<T>(steps: Generator<void, T, void>, sliceMs: number, between: () => Promise<true>): Promise<T>;
async function inSteps<T>(steps: Generator<void, T, void>, sliceMs: number, between: () => Promise<boolean>): Promise<T | typeof STOPPED>;
async function inSteps<T>(steps: Generator<void, T, void>, sliceMs: number, between: () => Promise<boolean>): Promise<T | typeof STOPPED> {
  let sliceFrom = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceFrom >= sliceMs) {
      if (!(await between())) return STOPPED;
      sliceFrom = performance.now();
    }
  }
}

// Promise.withResolvers, which Node 20 (the tests' and the server's) lacks.
function promiseWithResolve(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
