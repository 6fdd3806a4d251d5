import "server-only";
import { listenForLiveEvents } from "@/db/queries/live-events";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";
import { isTwilioSimulated } from "@/lib/env";
import type { ClientLiveEvent, LiveViewer } from "./live-event";
import { createLiveHub, type LiveHub } from "./live-hub";

/** A comment line this often keeps proxies from closing an idle stream, and re-checks the sign-in. */
export const LIVE_HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the stream ends (EventSource's `retry:`). */
export const LIVE_RETRY_MS = 2000;
/** Bytes a browser may fall behind by before its stream is ended (it reconnects and refreshes). */
const MAX_BACKLOG_BYTES = 256 * 1024;

const HUB_KEY = Symbol.for("aviso.liveHub");

/** This process's hub (one LISTEN for all its streams), created on first use. */
export function getLiveHub(): LiveHub {
  const holder = globalThis as { [HUB_KEY]?: LiveHub };
  holder[HUB_KEY] ??= createLiveHub((onPayload, onListen) => listenForLiveEvents(onPayload, onListen));
  return holder[HUB_KEY];
}

/** What the hub needs to know of an actor to filter their events. */
export function liveViewerOf(actor: Actor): LiveViewer {
  return { ...actor, handset: can(actor, "handset.use") && isTwilioSimulated() };
}

export type LiveStreamParams = {
  actor: Actor;
  /** When the browser last heard (its page's render time, or the stream's last event id): what came since is sent first. */
  since?: number;
  /** The actor as of now, or null once they may no longer be signed in (signed out, disabled). */
  recheck: () => Promise<Actor | null>;
  /** The request's: aborted when the browser goes away. */
  signal: AbortSignal;
  hub?: LiveHub;
  heartbeatMs?: number;
};

const encoder = new TextEncoder();

/**
 * The Server-Sent Events answer of `GET /api/live` (issue 18 item 4): `retry:` first, then one
 * `data:` line of JSON (a ClientLiveEvent) per event the actor may see — those since `since`
 * first — each with its time here as its `id:` (the browser sends the last one back when it
 * reconnects), and a `ping` event every heartbeat. At each heartbeat the sign-in is checked
 * again, as every request checks it: a user signed out or disabled since stops receiving within
 * one heartbeat, and one whose roles changed is filtered by the new ones. `no-transform` keeps the server's compression from buffering it.
 */
/**
 * When the browser last heard, from `?since=` (its page's render time) and the `Last-Event-ID`
 * EventSource sends when it reconnects: the later of the two; undefined when neither is a time.
 */
export function liveSince(request: Request): number | undefined {
  const times = [new URL(request.url).searchParams.get("since"), request.headers.get("last-event-id")]
    .map((v) => (v && /^\d{1,15}$/.test(v) ? Number(v) : NaN))
    .filter((n) => Number.isFinite(n));
  return times.length > 0 ? Math.max(...times) : undefined;
}

export function liveStreamResponse(params: LiveStreamParams): Response {
  const hub = params.hub ?? getLiveHub();
  const heartbeatMs = params.heartbeatMs ?? LIVE_HEARTBEAT_MS;
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        if ((controller.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) return finish();
        controller.enqueue(encoder.encode(text));
      };
      const subscriber = {
        viewer: liveViewerOf(params.actor),
        send: (event: ClientLiveEvent, at?: number) => write(`${at === undefined ? "" : `id: ${at}\n`}data: ${JSON.stringify(event)}\n\n`),
      };
      write(`retry: ${LIVE_RETRY_MS}\n: connected\n\n`);
      const unsubscribe = hub.subscribe(subscriber, params.since);
      // An event of its own (not a comment) so the browser's last event id moves on while nothing happens.
      const ping = () => write(`id: ${Date.now()}\nevent: ping\ndata: 1\n\n`);
      const heartbeat = setInterval(() => {
        void params.recheck().then(
          (actor) => {
            if (!actor || !can(actor, "live.subscribe")) return finish();
            subscriber.viewer = liveViewerOf(actor);
            ping();
          },
          ping,
        );
      }, heartbeatMs);
      finish = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        params.signal.removeEventListener("abort", finish);
        try {
          controller.close();
        } catch {
          // Already closed by the browser going away.
        }
      };
      params.signal.addEventListener("abort", finish);
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
