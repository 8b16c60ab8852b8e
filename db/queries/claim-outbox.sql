-- A worker claims a batch of due mail, skipping rows another worker holds (app/models/outbox.server.ts).
-- Written by `npm run queries:update`; a test fails when the code sends other SQL.
update outbox set status = 'sending', attempts = attempts + 1,
       locked_until = now() + make_interval(secs => $1)
where id in (
  select o.id from outbox o
  where ((o.status in ('queued', 'failed_temporary') and o.next_attempt_at <= now())
      or (o.status = 'sending' and o.locked_until < now()))
    and o.kind <> 'webhook'
    and (o.target_id is null
      or not exists (select 1 from targets t where t.id = o.target_id and t.email_status = 'failing'))
  order by o.next_attempt_at, o.id
  limit $2
  for update of o skip locked)
returning id, kind, payload_enc, message_id, attempts, target_id, campaign_id;
