#!/usr/bin/env node
// The published CLI runs the compiled code in dist/.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
