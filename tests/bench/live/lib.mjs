// Shared bits of the live benchmark's scripts (tests/bench/README.md, "Live updates").
import { readFileSync } from "node:fs";

/** Wall-clock milliseconds with sub-millisecond resolution; comparable across processes on this machine. */
export const now = () => performance.timeOrigin + performance.now();

/** --name value pairs from the command line. */
export function args(defaults = {}) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Logs in through the app's own login form (antiforgery token and all) and returns "gg_auth=…" for the Cookie header. */
export async function login(baseUrl, username, password) {
  const page = await fetch(`${baseUrl}/login`, { redirect: "manual" });
  if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
  const html = await page.text();
  const cookies = cookiePairs(page.headers.getSetCookie());
  const form = new URLSearchParams();
  // Every hidden input of the login form (Blazor's _handler, the antiforgery token, Input.ReturnUrl).
  for (const m of html.matchAll(/<input\b[^>]*\btype="hidden"[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? "";
    if (name) form.set(name, decodeEntities(value));
  }
  form.set("Input.Username", username);
  form.set("Input.Password", password);
  if (!form.has("Input.ReturnUrl")) form.set("Input.ReturnUrl", "/");
  const post = await fetch(`${baseUrl}/login`, {
    method: "POST", redirect: "manual", body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; ") },
  });
  const auth = cookiePairs(post.headers.getSetCookie()).find((c) => c.startsWith("gg_auth="));
  if (post.status !== 302 || !auth) throw new Error(`login as ${username} failed: ${post.status} ${(await post.text()).slice(0, 300)}`);
  return auth;
}

const cookiePairs = (setCookies) => setCookies.map((c) => c.split(";")[0]);
const decodeEntities = (s) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(+d)).replace(/&quot;/g, '"').replace(/&lt;/g, "<")
  .replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Resident set of a process: current and peak (VmRSS, VmHWM) in bytes, from /proc. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => +(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** CPU seconds used so far by a process (user + system), from /proc/PID/stat. */
export function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop().trim().split(/\s+/);
    return (+fields[11] + +fields[12]) / 100;
  } catch {
    return 0;
  }
}

/** The p-th percentile (0–100) of a sorted array, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
