import "server-only";
import { getDb, type Db } from "@/db";
import { getEnv } from "@/lib/env";
import { createSenderQueue, type SenderQueue } from "./sender-queue";
import { fetchFormPoster, type FormPoster } from "./signed-post";

/** How the simulated Twilio reaches the app's webhooks; tests replace the poster. */
export type WebhookDeps = {
  /** Delivers status callbacks and inbound texts. */
  postForm: FormPoster;
  /** Base URL of the app as Twilio reaches it; inbound texts go to `<publicBaseUrl>/api/twilio/inbound`. */
  publicBaseUrl: string;
};

/** What the simulated Twilio needs from outside; tests replace the poster and the delays. */
export type SimulatorDeps = WebhookDeps & {
  db: Db;
  /** Pause before the `sent` callback, and between it and the final one. */
  callbackDelaysMs: readonly [number, number];
  /**
   * When set, status callbacks wait for it before their delays start: the simulated Twilio keeps
   * them queued, as Twilio's own queue does when a sender hands it texts faster than they go out.
   * bench:drain holds them while it times the worker's hand-over, then releases them.
   */
  callbacksReleased?: Promise<void>;
  /** Each From number's queue and rate (ValidityPeriod, 30036); absent: no queue. */
  senderQueue?: SenderQueue;
};

export function defaultWebhookDeps(): WebhookDeps {
  return { postForm: fetchFormPoster, publicBaseUrl: getEnv().PUBLIC_BASE_URL.replace(/\/+$/, "") };
}

export function defaultSimulatorDeps(): SimulatorDeps {
  return { db: getDb(), callbackDelaysMs: [50, 100], senderQueue: defaultSenderQueue(), ...defaultWebhookDeps() };
}

let senderQueue: SenderQueue | undefined;

/** The process's queue per sending number, at TWILIO_SIMULATOR_SEGMENTS_PER_SECOND (0: none). */
export function defaultSenderQueue(): SenderQueue {
  senderQueue ??= createSenderQueue(getEnv().TWILIO_SIMULATOR_SEGMENTS_PER_SECOND);
  return senderQueue;
}
