#!/bin/sh
# hera-admin, the operator's command line, in Hera's image (ui/Dockerfile copies this file onto
# PATH): docker compose run --rm hera hera-admin find ada@example.com
# "--": Node reads --env-file even after the script's name, and would refuse a missing file
# with its own message, or load one, before hera-admin sees its own --env-file option.
exec node -- /app/ui/dist/server/admin.js "$@"
