import { describe, expect, it } from "vitest";
import { serverSettings } from "./embedded";

const GB = 2 ** 30;

describe("the embedded server's settings", () => {
  it("sizes shared buffers at an eighth of memory, from 128 MB up to 1 GB, and the cache estimate at half", () => {
    expect(serverSettings(24 * GB)).toMatchObject({ shared_buffers: "1024MB", effective_cache_size: "12288MB" });
    expect(serverSettings(4 * GB)).toMatchObject({ shared_buffers: "512MB", effective_cache_size: "2048MB" });
    expect(serverSettings(0.5 * GB)).toMatchObject({ shared_buffers: "128MB", effective_cache_size: "512MB" });
    expect(serverSettings(24 * GB)).toMatchObject({ max_connections: "300", max_wal_size: "4GB", checkpoint_timeout: "15min" });
  });

});
