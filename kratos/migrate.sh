#!/bin/sh
# docker compose's one-shot migration: migrate.sh development.yml | production.yml.
# Runs once: a failed migration stops `docker compose up` with the reason (restart: "no"),
# and this says what the usual one means.
kratos migrate sql -e --yes -c kratos.yml -c "$1" && exit 0
status=$?
echo "Kratos could not migrate its database (the reason is above). If it says \"password authentication failed\": the database volume was first started with another POSTGRES_PASSWORD, and PostgreSQL keeps that one. Put that password back in .env, or delete the volume (docker compose down -v, which deletes every account) and start again." >&2
exit $status
