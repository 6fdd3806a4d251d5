import { describeError, log } from "@/lib/log";
import { eventForViewer, parseLiveEvent, type ClientLiveEvent, type LiveEvent, type LiveViewer } from "./live-event";

/**
 * How LIVE events reach a process: `listen(onPayload, onListen)` LISTENs on the channel
 * (db/queries/live-events.ts listenForLiveEvents); `onListen` runs each time the LISTEN is
 * (re)established. Resolves to the way to stop.
 */
export type LiveListen = (onPayload: (payload: string) => void, onListen: () => void) => Promise<() => Promise<void>>;

/** `at`: when this process received the event (its clock, ms), the stream's event id; absent for `resync`. */
export type LiveSubscriber = { viewer: LiveViewer; send: (event: ClientLiveEvent, at?: number) => void };

/** Repeats of one event to one subscriber within this window go as one, at its end. */
export const LIVE_COALESCE_MS = 250;
/** Events kept for a browser that reconnects or has just loaded its page (`since`), at most this old… */
export const LIVE_REPLAY_MS = 60_000;
/** …and at most this many. */
const REPLAY_MAX = 20_000;
/** `since` comes from another process's clock (the page's render): replay this much earlier, so a little skew loses nothing. */
export const LIVE_CLOCK_SLACK_MS = 1000;
/** A LISTEN that could not start is tried again after this long. */
const RETRY_LISTEN_MS = 5000;

type Entry = { subscriber: LiveSubscriber; quiet: Map<string, { timer: ReturnType<typeof setTimeout>; again: boolean }>; resyncOnListen: boolean };

/**
 * One web process's fan-out (issue 18 item 4): ONE LISTEN connection, however many browsers
 * are connected, started with the first subscriber and kept afterwards. Each notification is
 * parsed and, per subscriber, reduced to what that viewer may see (eventForViewer) before it is
 * sent. A burst of one event (a send's dispatch jobs, one after another) reaches a subscriber
 * at once and then at most once per LIVE_COALESCE_MS.
 *
 * Nothing is missed in between: a subscriber says `since` when it last heard (the time its page
 * was rendered, or the stream's last event id after a reconnection) and is sent again what this
 * process received since then, from the last LIVE_REPLAY_MS. When that cannot be complete —
 * this process was not listening yet, the events are older than it keeps, or the LISTEN
 * connection was lost and is back — the subscriber is told `resync` (refresh once). Several web
 * processes each run their own hub; PostgreSQL tells each of them.
 */
export function createLiveHub(listen: LiveListen, { now = Date.now }: { now?: () => number } = {}) {
  const entries = new Set<Entry>();
  let state: "idle" | "starting" | "listening" = "idle";
  /** Since when this process has heard every event (null: not listening). */
  let completeSince: number | null = null;
  const recent: { at: number; event: LiveEvent }[] = [];
  let stop: (() => Promise<void>) | null = null;
  let started: Promise<void> = Promise.resolve();

  function deliver(entry: Entry, event: ClientLiveEvent, at: number) {
    const key = JSON.stringify(event);
    const quiet = entry.quiet.get(key);
    if (quiet) {
      quiet.again = true;
      return;
    }
    entry.subscriber.send(event, at);
    const slot = {
      again: false,
      timer: setTimeout(() => {
        entry.quiet.delete(key);
        if (slot.again && entries.has(entry)) deliver(entry, event, now());
      }, LIVE_COALESCE_MS),
    };
    entry.quiet.set(key, slot);
  }

  function forward(entry: Entry, event: LiveEvent, at: number) {
    const seen = eventForViewer(entry.subscriber.viewer, event);
    if (seen) deliver(entry, seen, at);
  }

  function remember(at: number, event: LiveEvent) {
    recent.push({ at, event });
    const cut = recent.findIndex((r) => r.at >= at - LIVE_REPLAY_MS);
    const drop = Math.max(cut === -1 ? recent.length : cut, recent.length - REPLAY_MAX);
    if (drop > 0) {
      completeSince = Math.max(completeSince ?? 0, recent[drop - 1].at);
      recent.splice(0, drop);
    }
  }

  function onPayload(payload: string) {
    const event = parseLiveEvent(payload);
    if (!event) return log.warn("live event not understood", { length: payload.length });
    const at = now();
    remember(at, event);
    for (const entry of entries) forward(entry, event, at);
  }

  function onListen() {
    // A LISTEN (re)established: what was notified before it reached no one here.
    const lostSome = completeSince !== null || state === "listening";
    completeSince = now();
    recent.length = 0;
    for (const entry of entries) {
      if (lostSome || entry.resyncOnListen) entry.subscriber.send({ k: "resync" });
      entry.resyncOnListen = false;
    }
  }

  function start() {
    state = "starting";
    started = listen(onPayload, onListen).then(
      (unlisten) => {
        stop = unlisten;
        state = "listening";
      },
      (err: unknown) => {
        log.error("live events: LISTEN failed", describeError(err));
        state = "idle";
        completeSince = null;
        for (const entry of entries) entry.resyncOnListen = true;
        // The next subscriber, or this timer, tries again; those connected now catch up then.
        setTimeout(() => entries.size > 0 && state === "idle" && start(), RETRY_LISTEN_MS).unref?.();
      },
    );
  }

  return {
    /**
     * Starts forwarding to `subscriber` (filtered by its `viewer` as it is at each event), first
     * what came since `since` (or `resync` when that is not known here); returns the way to stop.
     */
    subscribe(subscriber: LiveSubscriber, since?: number): () => void {
      const entry: Entry = { subscriber, quiet: new Map(), resyncOnListen: false };
      entries.add(entry);
      if (since !== undefined) {
        const from = since - LIVE_CLOCK_SLACK_MS;
        if (completeSince === null) entry.resyncOnListen = true;
        else if (completeSince > from) subscriber.send({ k: "resync" });
        else for (const r of recent) if (r.at > from) forward(entry, r.event, r.at);
      }
      if (state === "idle") start();
      return () => {
        entries.delete(entry);
        for (const q of entry.quiet.values()) clearTimeout(q.timer);
      };
    },
    get size() {
      return entries.size;
    },
    /** Settles once the LISTEN asked for so far is established (or has failed). */
    ready(): Promise<void> {
      return started;
    },
    /** Stops listening (tests; a process otherwise keeps its LISTEN for its life). */
    async close() {
      entries.clear();
      await started;
      const s = stop;
      stop = null;
      state = "idle";
      completeSince = null;
      if (s) await s();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
