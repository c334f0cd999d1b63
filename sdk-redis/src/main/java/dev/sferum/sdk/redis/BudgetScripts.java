package dev.sferum.sdk.redis;

/**
 * The Lua scripts behind {@link RedisRateBudgetStore}: each budget operation is one script, so it is one round trip
 * and atomic on the server, and it reads the time from Redis ({@code TIME}), never from a node.
 *
 * <p>Per budget key there are two Redis keys, in one cluster slot (hash tag):
 * <ul>
 *   <li>{@code <prefix>budget:{<key>}:starts} — a sorted set of granted start times, score = start in microseconds
 *       of the budget's own time line, member = the reservation's id;</li>
 *   <li>{@code <prefix>budget:{<key>}:state} — a hash: {@code seen} (latest time the key saw), {@code skew} (what
 *       was added to Redis's clock after it stepped back), and after a refusal {@code floor}, {@code refusal},
 *       {@code blocked}.</li>
 * </ul>
 *
 * <p>The budget's time line is Redis's {@code TIME} plus {@code skew}. If Redis's clock steps backwards, the line
 * does not: the step is added to {@code skew}, so the step counts as no time passing (conservative). Both keys
 * expire once they cannot affect a later reservation.
 *
 * <p>All numbers are integers below 2^53 (microseconds since 1970), exact in Lua's doubles; they are written with
 * {@code %.0f}, since Lua's own {@code tostring} keeps only 14 digits.
 */
final class BudgetScripts {
    /** The time line and the current limit; shared by the scripts. */
    private static final String PRELUDE = """
            local function fmt(x) return string.format('%.0f', x) end
            local t = redis.call('TIME')
            local st = redis.call('HMGET', KEYS[2], 'seen', 'skew', 'floor', 'refusal', 'blocked')
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
            local floor = tonumber(st[3])
            local refusal = tonumber(st[4])
            local blocked = tonumber(st[5])
            local limit = permits
            if refusal and floor then
              local recovered = math.floor((now - refusal) / recovery)
              if recovered < 0 then recovered = 0 end
              limit = math.min(permits, floor + recovered)
            end
            local function keep_state(until_)
              redis.call('HSET', KEYS[2], 'seen', fmt(now), 'skew', fmt(skew))
              local horizon = until_
              if refusal and floor and floor < permits then
                horizon = math.max(horizon, refusal + (permits - floor) * recovery)
              end
              if blocked then horizon = math.max(horizon, blocked) end
              redis.call('PEXPIRE', KEYS[2], math.floor((horizon - now) / 1000) + 1000)
            end
            local function trim_and_expire(newest)
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. fmt(newest - window))
              redis.call('PEXPIRE', KEYS[1], math.floor((newest + window - now) / 1000) + 1000)
            end
            """;

    /**
     * Reserves one start. KEYS: starts, state. ARGV: permits, window µs, decrease factor, recovery interval µs,
     * reservation id. Returns {delay µs, start µs}.
     */
    static final String RESERVE = PRELUDE + """
            local start = now
            if blocked and blocked > start then start = blocked end
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if last[2] and tonumber(last[2]) > start then start = tonumber(last[2]) end
            if redis.call('ZCARD', KEYS[1]) >= limit then
              local kth = redis.call('ZRANGE', KEYS[1], -limit, -limit, 'WITHSCORES')
              local bound = tonumber(kth[2]) + window
              if bound > start then start = bound end
            end
            redis.call('ZADD', KEYS[1], fmt(start), ARGV[5])
            trim_and_expire(start)
            keep_state(start + window)
            return {start - now, start}
            """;

    /**
     * Records a refusal: the limit drops by the factor and the key is blocked for one window. KEYS: starts, state.
     * ARGV: permits, window µs, decrease factor, recovery interval µs. Returns the new limit.
     */
    static final String THROTTLED = PRELUDE + """
            floor = math.max(1, math.floor(limit * factor))
            refusal = now
            blocked = now + window
            redis.call('HSET', KEYS[2], 'floor', floor, 'refusal', fmt(refusal), 'blocked', fmt(blocked))
            keep_state(blocked)
            return floor
            """;

    /**
     * Adds starts granted elsewhere (by a node's local fallback while Redis was away), so later reservations count
     * them. KEYS: starts, state. ARGV: permits, window µs, decrease factor, recovery interval µs, then pairs of
     * (age µs — how long ago the start was, negative if it is still ahead —, reservation id). Returns how many
     * were added.
     */
    static final String RECORD = PRELUDE + """
            local newest = now
            local added = 0
            for i = 5, #ARGV, 2 do
              local start = now - tonumber(ARGV[i])
              if start > newest then newest = start end
              added = added + redis.call('ZADD', KEYS[1], fmt(start), ARGV[i + 1])
            end
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if last[2] and tonumber(last[2]) > newest then newest = tonumber(last[2]) end
            trim_and_expire(newest)
            keep_state(newest + window)
            return added
            """;

    private BudgetScripts() {
    }
}
