/**
 * A real redis-server for the queue tests: started on a free port with its data in a temporary
 * folder, stopped (and the folder removed) by the test. Without redis-server on the PATH the
 * queue tests are skipped and say why (`apt-get install -y redis-server` enables them).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect, createServer } from "node:net";
import { makeTmpDir, removeTmpDir } from "./tmp.js";

/** True when a redis-server can be started here. */
export const hasRedis: boolean = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

/** Why the queue tests are skipped, for the describe block's title. */
export const NO_REDIS = "skipped: redis-server is missing; run `apt-get install -y redis-server` to enable";

/** A port no one listens on now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** True once the server answers PING. */
async function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
    socket.on("data", (d) => {
      answer += d.toString();
      if (answer.includes("\r\n")) {
        socket.destroy();
        resolve(answer.startsWith("+PONG"));
      }
    });
    socket.write("PING\r\n");
  });
}

/** A running redis-server. */
export interface TestRedis {
  url: string;
  port: number;
  /** Its data folder (the append-only file lives here). */
  dir: string;
  /** Stops it as an operator would (SIGTERM: it writes its data out first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** Starts a redis-server on a free port; `appendonly` turns on its persistence (every write fsynced each second). */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = makeTmpDir("redis");
  let child: ChildProcess | undefined;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", options.appendonly ? "yes" : "no", "--daemonize", "no", "--logfile", "redis.log"];
  const start = async () => {
    child = spawn("redis-server", args, { cwd: dir, stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await pings(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} (see ${dir}/redis.log)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start,
    dispose: async () => {
      await stop();
      removeTmpDir(dir);
    },
  };
}
