#!/bin/sh
# hera-admin, the operator's command line, in Hera's image (ui/Dockerfile copies this file onto
# PATH): docker compose run --rm hera hera-admin find ada@example.com
exec node /app/ui/dist/server/admin.js "$@"
