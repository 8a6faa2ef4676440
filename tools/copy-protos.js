#!/usr/bin/env node
// The compiled proto lib finds its .proto files next to itself (PROTO_ROOT), as in the source tree.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
fs.cpSync(path.join(root, 'libs/proto/proto'), path.join(root, 'dist/libs/proto/proto'), { recursive: true });
