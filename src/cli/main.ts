#!/usr/bin/env node
// Entry point of `npm start` (all lessons) and `npm run lesson -- <n>`.
import { runLessons } from "./run-lessons.js";

process.exitCode = await runLessons(process.argv.slice(2));
