// Logs in through the app's login form and prints the auth cookie ("gg_auth=…") for the clients' Cookie header.
//   node login.mjs --base http://127.0.0.1:5495 [--user admin] [--password Demo@2026]
import { args, login } from "./lib.mjs";

const a = args({ user: "admin", password: "Demo@2026" });
console.log(await login(a.base, a.user, a.password));
