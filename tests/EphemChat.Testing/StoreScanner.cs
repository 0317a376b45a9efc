using StackExchange.Redis;

namespace EphemChat.Testing;

/// <summary>One key of the store, its TTL and its content as text (for "no raw token anywhere" and "every key has a TTL").</summary>
public sealed record StoredKey(string Key, string Type, TimeSpan? TimeToLive, string Content);

/// <summary>Reads every key of a store.</summary>
public static class StoreScanner
{
    public static async Task<IReadOnlyList<StoredKey>> ScanAsync(IConnectionMultiplexer connection)
    {
        var db = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<StoredKey>();
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500))
        {
            var type = await db.KeyTypeAsync(key);
            var ttl = await db.KeyTimeToLiveAsync(key);
            var content = type switch
            {
                RedisType.String => (string?)await db.StringGetAsync(key) ?? "",
                RedisType.Hash => string.Join("\n", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                RedisType.List => string.Join("\n", (await db.ListRangeAsync(key)).Select(v => v.ToString())),
                RedisType.Set => string.Join("\n", (await db.SetMembersAsync(key)).Select(v => v.ToString())),
                RedisType.SortedSet => string.Join("\n", (await db.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}:{e.Score}")),
                _ => "",
            };
            keys.Add(new StoredKey(key!, type.ToString(), ttl, content));
        }
        return keys;
    }
}
