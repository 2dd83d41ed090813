#!/usr/bin/env node
// The installed `kindly` command; the code lives in dist/ (run `npm run build` first).
import '../dist/main.js';
