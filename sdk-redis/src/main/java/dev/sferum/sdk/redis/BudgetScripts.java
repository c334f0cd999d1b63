package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.internal.Slowdown;

/**
 * The Lua scripts behind {@link RedisRateBudgetStore}: each budget operation is one script, so it is one round trip
 * and atomic on the server, and it reads the time from Redis ({@code TIME}), never from a node.
 *
 * <p>The rule is sdk-core's causal one: a call holds a slot from its grant until one window after its exchange
 * completed. Per budget key there are three Redis keys, in one cluster slot (hash tag):
 * <ul>
 *   <li>{@code <prefix>budget:{<key>}:flight} — a sorted set of granted calls not yet completed: member = the
 *       slot's id, score = when its lease ends (a node that dies never completes its calls; a lapsed lease counts
 *       as a completion at the lease's end);</li>
 *   <li>{@code <prefix>budget:{<key>}:done} — a sorted set of completed calls still occupying their slot: member =
 *       the slot's id, score = completion time;</li>
 *   <li>{@code <prefix>budget:{<key>}:state} — a hash: {@code seen} (the latest time the key saw), {@code skew}
 *       (what was added to Redis's clock after it stepped back), the round's {@code rstart}, {@code rdone},
 *       {@code rrefused} (its start, completed calls and counted refusals), {@code cuts} (how many cuts so far: a
 *       grant answers it, so a refusal of a call granted before a later cut is not counted), and after a cut
 *       {@code floor}, {@code refusal} (the cut's time) and {@code blocked}.</li>
 * </ul>
 *
 * <p>The refusal rule is sdk-core's ({@code Slowdown}): refusals are counted per round (at least one window and
 * at least ten completed calls, at most ten windows); a round cuts the limit (times the decrease factor, the key
 * blocked for one window) once its refusals reach the minimum and exceed the share of its completed calls; after a
 * cut the limit grows back by one permit per recovery interval.
 *
 * <p>All times are microseconds on the key's time line: Redis's {@code TIME} plus {@code skew}. If Redis's clock
 * steps back, the line does not: the step is added to {@code skew}, so it counts as no time passing. Every key
 * expires once it cannot affect a later call. Numbers stay below 2^53, exact in Lua's doubles, and are written with
 * {@code %.0f} since Lua's {@code tostring} keeps only 14 digits. Works on Redis 5 and later.
 *
 * <p>Every script takes KEYS = flight, done, state and ARGV = permits, window µs, decrease factor, recovery
 * interval µs, minimum refusals, refusal share, then its own arguments (from ARGV 7).
 */
final class BudgetScripts {
    /** The time line, the current limit, lapsed leases and expired completions; shared by the scripts. */
    private static final String PRELUDE = """
            local function fmt(x) return string.format('%.0f', x) end
            local t = redis.call('TIME')
            local st = redis.call('HMGET', KEYS[3], 'seen', 'skew', 'floor', 'refusal', 'blocked', 'cuts', 'rstart', 'rdone', 'rrefused')
            local skew = tonumber(st[2]) or 0
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) + skew
            local seen = tonumber(st[1])
            if seen and now < seen then
              skew = skew + (seen - now)
              now = seen
            end
            local permits = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local factor = tonumber(ARGV[3])
            local recovery = tonumber(ARGV[4])
            local min_refusals = tonumber(ARGV[5])
            local share = tonumber(ARGV[6])
            local floor = tonumber(st[3])
            local refusal = tonumber(st[4])
            local blocked = tonumber(st[5])
            local cuts = tonumber(st[6]) or 0
            local rstart = tonumber(st[7])
            local rdone = tonumber(st[8]) or 0
            local rrefused = tonumber(st[9]) or 0
            local function start_round()
              rstart = now
              rdone = 0
              rrefused = 0
            end
            local function roll()
              if not rstart or (now - rstart >= window and (rdone >= ROUND_CALLS or now - rstart >= window * ROUND_MAX_WINDOWS)) then
                start_round()
              end
            end
            local function save_round()
              redis.call('HSET', KEYS[3], 'rstart', fmt(rstart), 'rdone', rdone, 'rrefused', rrefused)
            end
            local limit = permits
            local next_step = nil
            if refusal and floor then
              local recovered = math.floor((now - refusal) / recovery)
              if recovered < 0 then recovered = 0 end
              limit = math.min(permits, floor + recovered)
              if limit < permits then next_step = refusal + (recovered + 1) * recovery end
            end
            local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', fmt(now), 'WITHSCORES')
            for i = 1, #lapsed, 2 do
              redis.call('ZADD', KEYS[2], lapsed[i + 1], lapsed[i])
            end
            if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now)) end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', fmt(now - window))
            local function done_at(id, at)
              redis.call('ZREM', KEYS[1], id)
              local old = tonumber(redis.call('ZSCORE', KEYS[2], id))
              if not old or old < at then redis.call('ZADD', KEYS[2], fmt(at), id) end
            end
            local function keep()
              redis.call('HSET', KEYS[3], 'seen', fmt(now), 'skew', fmt(skew))
              local horizon = now + window
              if refusal and floor and floor < permits then
                horizon = math.max(horizon, refusal + (permits - floor) * recovery)
              end
              if blocked then horizon = math.max(horizon, blocked) end
              if rstart and rrefused > 0 then horizon = math.max(horizon, rstart + window * ROUND_MAX_WINDOWS) end
              local lease = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
              if lease[2] then
                local ends = tonumber(lease[2])
                redis.call('PEXPIRE', KEYS[1], math.floor((ends - now) / 1000) + 1000)
                horizon = math.max(horizon, ends + window)
              end
              local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
              if last[2] then
                redis.call('PEXPIRE', KEYS[2], math.floor((tonumber(last[2]) + window - now) / 1000) + 1000)
              end
              redis.call('PEXPIRE', KEYS[3], math.floor((horizon - now) / 1000) + 1000)
            end
            """.replace("ROUND_CALLS", Integer.toString(Slowdown.ROUND_CALLS))
            .replace("ROUND_MAX_WINDOWS", Integer.toString(Slowdown.ROUND_MAX_WINDOWS));

    /**
     * Asks for a slot now. ARGV 7: the slot's id; 8: its lease µs. Returns {1, 0, now, cuts} when granted, else {0,
     * µs to wait before asking again, now, cuts}; {@code now} on the key's time line, for diagnostics and tests.
     */
    static final String RESERVE = PRELUDE + """
            if blocked and blocked > now then
              keep()
              return {0, blocked - now, now, cuts}
            end
            local size = redis.call('ZCARD', KEYS[2])
            local occupied = redis.call('ZCARD', KEYS[1]) + size
            if occupied < limit then
              redis.call('ZADD', KEYS[1], fmt(now + tonumber(ARGV[8])), ARGV[7])
              keep()
              return {1, 0, now, cuts}
            end
            -- A call still in flight frees its slot a window after it completes, so not before a window from now.
            local wait = window
            local must_expire = occupied - limit + 1
            if must_expire <= size then
              local c = redis.call('ZRANGE', KEYS[2], must_expire - 1, must_expire - 1, 'WITHSCORES')
              wait = math.max(1, tonumber(c[2]) + window - now)
            end
            if next_step then wait = math.max(1, math.min(wait, next_step - now)) end
            keep()
            return {0, wait, now, cuts}
            """;

    /**
     * A granted call's exchange is over: its slot counts for one more window from now, and the call in the round.
     * ARGV 7: the id. Returns now.
     */
    static final String COMPLETE = PRELUDE + """
            done_at(ARGV[7], now)
            roll()
            rdone = rdone + 1
            save_round()
            keep()
            return now
            """;

    /**
     * Records a refusal of a call granted when the key had had ARGV 7 cuts (negative: unknown, counted): not counted
     * if a cut came after its grant; otherwise counted in the round, which cuts the limit (times the factor, the key
     * blocked for one window) once its refusals reach the minimum and exceed the share of its completed calls.
     * Returns the limit after it.
     */
    static final String THROTTLED = PRELUDE + """
            local granted_at = tonumber(ARGV[7])
            if granted_at >= 0 and granted_at < cuts then
              keep()
              return limit
            end
            roll()
            rrefused = rrefused + 1
            if rrefused >= min_refusals and rrefused > share * rdone then
              floor = math.max(1, math.floor(limit * factor))
              limit = floor
              refusal = now
              blocked = now + window
              cuts = cuts + 1
              start_round()
              redis.call('HSET', KEYS[3], 'floor', floor, 'refusal', fmt(refusal), 'blocked', fmt(blocked), 'cuts', cuts)
            end
            save_round()
            keep()
            return limit
            """;

    /**
     * Adds slots a node granted from its local share while Redis was away, so later grants count them. ARGV 7: the
     * lease µs for calls still in flight; then triples of (kind, age µs, id): kind {@code f} for a call in flight,
     * {@code d} for a call that completed {@code age} µs ago. Returns how many were given.
     */
    static final String RECORD = PRELUDE + """
            local lease = tonumber(ARGV[7])
            local n = 0
            for i = 8, #ARGV, 3 do
              if ARGV[i] == 'f' then
                if not redis.call('ZSCORE', KEYS[2], ARGV[i + 2]) then
                  redis.call('ZADD', KEYS[1], 'NX', fmt(now + lease), ARGV[i + 2])
                end
              else
                local at = now - tonumber(ARGV[i + 1])
                if at > now - window then done_at(ARGV[i + 2], at) end
              end
              n = n + 1
            end
            keep()
            return n
            """;

    /**
     * Reads a key's budget for diagnostics, granting nothing. Returns {limit now, slots occupied, µs still blocked
     * after a refusal}. Touches the keys' expiry only if they exist, so reading an unused key creates none.
     */
    static final String STATE = PRELUDE + """
            local occupied = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
            local wait = 0
            if blocked and blocked > now then wait = blocked - now end
            if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) > 0 then keep() end
            return {limit, occupied, wait}
            """;

    private BudgetScripts() {
    }
}
