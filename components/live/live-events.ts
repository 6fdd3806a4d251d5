"use client";

import { useEffect, useRef } from "react";
import type { ClientLiveEvent } from "@/lib/live/live-event";

/*
 * The browser's side of the live stream (issue 18 item 4): ONE EventSource per tab on
 * /api/live, shared by every component that listens (a browser allows a handful of connections
 * per server over HTTP/1.1; one per component would use them up). It opens with the first
 * listener and closes a little after the last one leaves, so a client-side navigation keeps it.
 *
 * Nothing is missed: a listener says `since` — its page's render time on the server — and gets
 * what came after it, from the server (`?since=` when the stream opens for it) or from the
 * events this tab received lately. EventSource reconnects by itself after a network error or a
 * server restart and sends its last event id, so the server sends what came meanwhile, or
 * `resync` when it cannot know (it restarted): listeners refresh once. When the server refused
 * the stream (a 5xx while restarting) it is reopened here with growing waits, from the last id.
 */

type Listener = (event: ClientLiveEvent) => void;

export const LIVE_URL = "/api/live";
const CLOSE_AFTER_MS = 5000;
const REOPEN_MIN_MS = 2000;
const REOPEN_MAX_MS = 60_000;
const KEEP_MS = 60_000;

const listeners = new Set<Listener>();
/** What this tab received lately, by the server's time (the event id), for listeners that arrive after it. */
const recent: { at: number; event: ClientLiveEvent }[] = [];
let source: EventSource | null = null;
let lastId: number | undefined;
let closeTimer: ReturnType<typeof setTimeout> | undefined;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let reopenMs = REOPEN_MIN_MS;

function emit(event: ClientLiveEvent) {
  for (const listener of [...listeners]) listener(event);
}

function noteId(id: string) {
  const at = Number(id);
  if (id && Number.isFinite(at)) lastId = at;
  return lastId;
}

function open(since: number | undefined) {
  clearTimeout(reopenTimer);
  const es = new EventSource(since === undefined ? LIVE_URL : `${LIVE_URL}?since=${since}`);
  source = es;
  es.onopen = () => {
    reopenMs = REOPEN_MIN_MS;
  };
  es.addEventListener("ping", (message: MessageEvent<string>) => noteId(message.lastEventId));
  es.onmessage = (message: MessageEvent<string>) => {
    let event: ClientLiveEvent;
    try {
      event = JSON.parse(message.data) as ClientLiveEvent;
    } catch {
      return;
    }
    const at = noteId(message.lastEventId);
    if (at !== undefined && event.k !== "resync") {
      recent.push({ at, event });
      while (recent.length > 0 && recent[0].at < at - KEEP_MS) recent.shift();
    }
    emit(event);
  };
  es.onerror = () => {
    if (es.readyState !== EventSource.CLOSED || source !== es) return;
    // Refused (not a network error, which EventSource retries itself): try again later.
    source = null;
    reopenTimer = setTimeout(() => listeners.size > 0 && !source && open(lastId), reopenMs);
    reopenMs = Math.min(reopenMs * 2, REOPEN_MAX_MS);
  };
}

/**
 * Calls `listener` with every live event of this tab's stream after `since` (the server's time,
 * ms) — opening the stream if need be; returns the way to stop.
 */
export function subscribeLive(listener: Listener, since?: number): () => void {
  listeners.add(listener);
  clearTimeout(closeTimer);
  if (source) {
    // The page was rendered by another process, whose clock may be a little ahead: a second's slack.
    if (since !== undefined) for (const r of recent) if (r.at > since - 1000) listener(r.event);
  } else if (typeof EventSource !== "undefined") {
    recent.length = 0;
    open(since);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    closeTimer = setTimeout(() => {
      if (listeners.size > 0) return;
      clearTimeout(reopenTimer);
      source?.close();
      source = null;
      lastId = undefined;
    }, CLOSE_AFTER_MS);
  };
}

/**
 * Runs `onChange` when an event `matches` arrives after `since` (see subscribeLive), or when
 * events may have been missed (`resync`) — at most once per `debounceMs`, trailing, so a burst
 * costs one refresh. While the tab is hidden the change is remembered and `onChange` runs when
 * it is shown again. `matches` and `onChange` may change between renders; the latest ones are
 * used. `enabled: false` stops listening.
 */
export function useLiveChange(
  matches: (event: ClientLiveEvent) => boolean,
  onChange: () => void,
  { since, debounceMs = 150, enabled = true }: { since?: number; debounceMs?: number; enabled?: boolean } = {},
) {
  const latest = useRef({ matches, onChange });
  useEffect(() => {
    latest.current = { matches, onChange };
  });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let hiddenChange = false;
    const run = () => {
      timer = undefined;
      if (document.visibilityState === "hidden") hiddenChange = true;
      else latest.current.onChange();
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible" || !hiddenChange) return;
      hiddenChange = false;
      latest.current.onChange();
    };
    const stop = subscribeLive((event) => {
      if (event.k !== "resync" && !latest.current.matches(event)) return;
      if (timer === undefined) timer = setTimeout(run, debounceMs);
    }, since);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stop();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [since, debounceMs, enabled]);
}

/**
 * Resolves `settleMs` after the first live event that `matches` (or a `resync`), so a burst is
 * one wake-up, or after `maxMs` when none came — whichever is first.
 */
export function waitForLiveChange(matches: (event: ClientLiveEvent) => boolean, maxMs: number, settleMs = 250): Promise<void> {
  return new Promise((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timeout);
      clearTimeout(settle);
      stop();
      resolve();
    };
    const timeout = setTimeout(done, maxMs);
    const stop = subscribeLive((event) => {
      if (settle === undefined && (event.k === "resync" || matches(event))) settle = setTimeout(done, settleMs);
    });
  });
}
