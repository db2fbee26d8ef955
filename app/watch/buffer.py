"""Watch positions and film counters kept in Redis, written to PostgreSQL in batches.

At 10,000 streams a player saving its position every 15 s is ~670 row writes a second, and
every Range response added its bytes to the film's row, one hot row per popular film. Both
now go to the queue's Redis (REDIS_QUEUE_URL: it must persist): one hash per viewer
(`pos:<viewer key>`, film id → position), one hash of counters per batch (`b:<film>` bytes,
`v:<film>` views). `flask watch flush-counters` writes them:

- counters **exactly once**: the hash is renamed to a batch of its own (new counts go to a
  fresh one) and the batch's id is inserted in `counter_batches` in the transaction that adds
  its counts to the films; a batch found applied (a flusher died after its commit) is only
  removed. Two flushers on one batch: the second waits on the first's id, then skips.
- positions **idempotently**: an upsert that keeps the newest (`updated_at`) and never undoes
  `completed`; a buffered position is removed only if it is still the one written, so a
  position saved during the flush waits for the next.

Reads (resume position, history, "Continue watching") merge the buffer over the table.
Without WATCH_BUFFER (the demo) or when Redis fails, progress.py writes through at once.
"""
import json
import logging
import secrets
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app import jobs
from app.accounts.models import User
from app.catalog.models import Film
from app.extensions import db
from app.watch.models import CounterBatch, Viewing

log = logging.getLogger(__name__)
SEEN_TTL_S = 2 * 24 * 3600
# Atomically: the live counters become a batch, listed before anything can lose it.
_CUT_BATCH = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[1] .. ':' .. ARGV[1])
  redis.call('SADD', KEYS[2], ARGV[1])
end
return redis.call('SMEMBERS', KEYS[2])
"""
# Removes each flushed position still equal to what was written (ARGV: the viewer, then film
# and value pairs) and forgets a viewer left with none.
_FORGET_WRITTEN = """
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
"""


def enabled():
    return bool(current_app.config.get("WATCH_BUFFER"))


def _redis():
    return jobs.redis_connection()


def _key(*parts):
    return ":".join((current_app.config["RQ_QUEUE"], "watch", *map(str, parts)))


def save_position(viewer_key, user_id, film_id, position_s, completed):
    value = json.dumps([position_s, bool(completed), user_id, datetime.now(timezone.utc).timestamp()])
    with _redis().pipeline() as pipe:
        pipe.hset(_key("pos", viewer_key), film_id, value)
        pipe.sadd(_key("dirty"), viewer_key)
        pipe.execute()


def first_view_today(viewer_key, film_id, day):
    """True once per viewer, film and day: only then is the daily view written."""
    return bool(_redis().set(_key("seen", day.isoformat(), film_id, viewer_key), 1, nx=True, ex=SEEN_TTL_S))


def add_to_film(film_id, bytes_served=0, views=0):
    with _redis().pipeline(transaction=False) as pipe:
        if bytes_served:
            pipe.hincrby(_key("counters"), f"b:{film_id}", bytes_served)
        if views:
            pipe.hincrby(_key("counters"), f"v:{film_id}", views)
        pipe.execute()


def buffered_positions(viewer_key):
    """{film id: (position_s, completed, updated_at)} not yet in the table."""
    found = _redis().hgetall(_key("pos", viewer_key))
    result = {}
    for film_id, value in found.items():
        position_s, completed, _user_id, stamp = json.loads(value)
        result[int(film_id)] = (position_s, completed, datetime.fromtimestamp(stamp, timezone.utc))
    return result


def flush():
    """Writes every buffered counter and position; (counter batches, positions) written."""
    return flush_counters(), flush_positions()


def flush_counters():
    connection = _redis()
    batches = connection.eval(_CUT_BATCH, 2, _key("counters"), _key("batches"), secrets.token_hex(8))
    for batch_id in sorted(b.decode() for b in batches):
        _apply_batch(connection, batch_id)
    return len(batches)


def _apply_batch(connection, batch_id):
    counts = {}
    for field, value in connection.hgetall(_key("counters", batch_id)).items():
        kind, film_id = field.decode().split(":")
        counts.setdefault(int(film_id), {"b": 0, "v": 0})[kind] += int(value)
    try:
        with db.session.begin_nested():
            db.session.add(CounterBatch(id=batch_id))
            db.session.flush()
    except IntegrityError:
        db.session.rollback()
        log.info("counter batch %s was applied already", batch_id)
    else:
        for film_id in sorted(counts):  # one order for every flusher: no deadlock on film rows
            db.session.execute(update(Film).where(Film.id == film_id).values(
                bytes_served=Film.bytes_served + counts[film_id]["b"],
                views_count=Film.views_count + counts[film_id]["v"]))
        db.session.commit()
        log.info("counter batch %s: %d film(s)", batch_id, len(counts))
    connection.delete(_key("counters", batch_id))
    connection.srem(_key("batches"), batch_id)


def flush_positions(chunk=500):
    connection, written = _redis(), 0
    viewers = [key.decode() for key in connection.sscan_iter(_key("dirty"), count=chunk)]
    for start in range(0, len(viewers), chunk):
        written += write_positions(connection, read_positions(connection, viewers[start:start + chunk]))
    return written


def read_positions(connection, viewers):
    with connection.pipeline(transaction=False) as pipe:
        for viewer in viewers:
            pipe.hgetall(_key("pos", viewer))
        return dict(zip(viewers, pipe.execute()))


def write_positions(connection, found):
    """Upserts the positions read, commits, then removes from Redis those not changed since."""
    rows = [(viewer, int(film_id), raw, json.loads(raw)) for viewer, fields in found.items()
            for film_id, raw in fields.items()]
    films = set(db.session.scalars(select(Film.id).where(Film.id.in_({row[1] for row in rows}))))
    users = set(db.session.scalars(select(User.id).where(User.id.in_({row[3][2] for row in rows if row[3][2]}))))
    values = [{"viewer_key": viewer, "film_id": film_id, "user_id": user_id if user_id in users else None,
               "position_s": position_s, "completed": completed,
               "updated_at": datetime.fromtimestamp(stamp, timezone.utc)}
              for viewer, film_id, _raw, (position_s, completed, user_id, stamp) in rows if film_id in films]
    if values:
        db.session.execute(_upsert(values))
    db.session.commit()
    for viewer, fields in found.items():  # removed from Redis once PostgreSQL has them
        pairs = [item.decode() for pair in fields.items() for item in pair]
        connection.eval(_FORGET_WRITTEN, 2, _key("pos", viewer), _key("dirty"), viewer, *pairs)
    return len(values)


def _upsert(values):
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Viewing).values(values)
    newer = statement.excluded.updated_at >= Viewing.updated_at
    return statement.on_conflict_do_update(
        index_elements=["viewer_key", "film_id"],
        set_={"position_s": statement.excluded.position_s, "updated_at": statement.excluded.updated_at,
              "completed": Viewing.completed | statement.excluded.completed},
        where=newer)
