#!/usr/bin/env bash
# Nightly export of the Standard Safeguarding Dataset from Postgres (Eclipse) to CSV, and its upload to the
# statutory-deadlines data bucket. manifest.json is uploaded last: its arrival starts the import.
#
#   PGHOST=… PGDATABASE=… PGUSER=… ./ssd-export.sh council-deadlines-data [directory.jsonl]
#
# Needs psql and the AWS CLI (s3:PutObject on the prefix, kms:GenerateDataKey on the council's key). Files are UTF-8
# CSV with a header (\copy … WITH (FORMAT csv, HEADER) quotes what needs quoting); dates come out as YYYY-MM-DD.
# Optional: EVENTS_QUERY='SELECT person_id, event, date FROM …' for what the SSD lacks (PEPs, supervision…).
set -euo pipefail

bucket="${1:?usage: ssd-export.sh BUCKET [directory.jsonl]}"
directory="${2:-}"
schema="${SSD_SCHEMA:-ssd_development}"
prefix="${SSD_PREFIX:-ssd}"
stamp="$(date +%F)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

tables=(ssd_person ssd_cla_episodes ssd_legal_status ssd_cla_placement ssd_cla_reviews ssd_cla_visits
  ssd_cla_health ssd_care_leavers ssd_involvements ssd_missing ssd_sdq_scores)
files=()
for table in "${tables[@]}"; do
  psql -v ON_ERROR_STOP=1 -q -c "\\copy (SELECT * FROM ${schema}.${table}) TO '${out}/${table}.csv' WITH (FORMAT csv, HEADER, ENCODING 'UTF8')"
  files+=("${table}.csv")
done
if [[ -n "${EVENTS_QUERY:-}" ]]; then
  psql -v ON_ERROR_STOP=1 -q -c "\\copy (${EVENTS_QUERY}) TO '${out}/events.csv' WITH (FORMAT csv, HEADER, ENCODING 'UTF8')"
  files+=(events.csv)
fi

target="s3://${bucket}/${prefix}/${stamp}"
for f in "${files[@]}"; do aws s3 cp "${out}/${f}" "${target}/${f}" --only-show-errors; done
[[ -n "$directory" ]] && aws s3 cp "$directory" "${target}/directory.jsonl" --only-show-errors

# Last: the manifest lists what must be there; its arrival starts the import.
printf '{"files":[%s],"exportedAt":"%s"}\n' \
  "$(printf '"%s",' "${files[@]}" | sed 's/,$//')" "$(date -u +%FT%TZ)" > "${out}/manifest.json"
aws s3 cp "${out}/manifest.json" "${target}/manifest.json" --only-show-errors
echo "SSD extract uploaded to ${target}"
