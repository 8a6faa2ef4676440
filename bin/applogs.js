#!/usr/bin/env node
// The `applogs` command (package.json "bin"); `npm install` builds dist/ through the "prepare" script.
require('../dist/apps/cli/src/main.js');
