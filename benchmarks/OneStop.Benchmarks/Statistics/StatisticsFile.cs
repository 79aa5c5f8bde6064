using System.Globalization;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Benchmarks.Statistics;

/// <summary>A store file holding <c>n</c> finished cases (plus 1% open, 10% rated), generated once with bulk inserts
/// straight into the schema and cached under the temp directory keyed by row count and schema version.</summary>
internal static class StatisticsFile
{
    /// <summary>The instant the data set ends; reports are taken "now" = this.</summary>
    public static readonly DateTimeOffset Now = new(2025, 12, 31, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Departments = ["市教育局", "市市场监管局", "市卫健委", "市住建局", "市交通局", "市民政局", "市人社局", "市生态环境局"];
    private static readonly string[] Kinds = ["Promised", "Promised", "Promised", "Immediate", "Joint", "Referred"];
    private static readonly string[] Results = ["Approved", "Approved", "Approved", "Approved", "Approved", "Approved", "Denied", "Rejected", "Withdrawn", "DeemedApproved"];

    /// <summary>Returns the path of the cached file, generating it first when missing.</summary>
    public static string Ensure(int cases)
    {
        var dir = Path.Combine(Path.GetTempPath(), "onestop-bench");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"statistics-{cases.ToString(CultureInfo.InvariantCulture)}-v{SqliteSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture)}.db");
        if (File.Exists(path)) return path;
        var partial = path + ".partial";
        File.Delete(partial);
        // The store creates the schema; the rows then go in through one raw transaction (the engine's path would take hours).
        SqliteCaseStore.Open(partial, new SqliteStoreOptions { Synchronous = SqliteSynchronousMode.Off }).Dispose();
        Fill(partial, cases);
        File.Move(partial, path);
        return path;
    }

    private static void Fill(string path, int cases)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;";
            pragma.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO case_ids (case_number) VALUES ($n);
            INSERT INTO cases (case_id, case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version,
              submitted_at, updated_at, concluded_at, earliest_due, chain_head, accepted_at, due_at, limit_minutes, finished_at,
              result, working_minutes, on_time, early)
            VALUES (last_insert_rowid(), $n, $item, 1, 'h', $dept, $kind, $state, $outcome, $applicant, 8, $submitted, $updated, $concluded, NULL, $head,
              $accepted, $due, $limit, $finished, $result, $worked, $onTime, $early);
            INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES (last_insert_rowid(), 8, $snapshot)
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$n", "$item", "$dept", "$kind", "$state", "$outcome", "$applicant", "$submitted", "$updated", "$concluded",
                     "$snapshot", "$head", "$accepted", "$due", "$limit", "$finished", "$result", "$worked", "$onTime", "$early" })
            p[name] = insert.Parameters.Add(name, SqliteType.Text);
        insert.Prepare();
        using var rate = connection.CreateCommand();
        rate.CommandText = """
            INSERT INTO evaluations (case_id, channel, rating, at, item_code, department, comment, contact_due, rectify_due, contacted_at, rectified_at)
            VALUES ((SELECT case_id FROM case_ids WHERE case_number = $n), $ch, $r, $at, $item, $dept, NULL, $cd, $rd, NULL, $rd2)
            """;
        var q = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$n", "$ch", "$r", "$at", "$item", "$dept", "$cd", "$rd", "$rd2" }) q[name] = rate.Parameters.Add(name, SqliteType.Text);
        rate.Prepare();

        var random = new Random(20250922);
        var start = new DateTimeOffset(2025, 1, 2, 1, 0, 0, TimeSpan.Zero);
        var span = (Now - start).Ticks;
        var snapshot = new byte[200];
        var head = new byte[32];
        const long Minute = TimeSpan.TicksPerMinute;
        var total = cases + cases / 100;
        for (var k = 0; k < total; k++)
        {
            var open = k >= cases;
            var item = "0001" + (random.Next(200) + 1).ToString("D8", CultureInfo.InvariantCulture);
            var dept = Departments[random.Next(Departments.Length)];
            var submitted = start.Ticks + (long)(random.NextDouble() * span * 0.97);
            var accepted = submitted + random.Next(0, 3 * 24 * 60) * Minute;
            var limitMinutes = (random.Next(3) == 0 ? 5 : 15) * 480L;
            // Calendar days over working days ≈ 1.4; exact dates do not matter to the query cost.
            var due = accepted + (long)(limitMinutes / 480.0 * 1.4 * TimeSpan.TicksPerDay);
            var worked = (long)(limitMinutes * random.NextDouble() * 1.3);
            var finished = accepted + (long)(worked / 480.0 * 1.4 * TimeSpan.TicksPerDay);
            var result = Results[random.Next(Results.Length)];
            var decided = result is not ("Rejected" or "Withdrawn");
            random.NextBytes(head);
            p["$n"].Value = "2025" + k.ToString("D9", CultureInfo.InvariantCulture);
            p["$item"].Value = item;
            p["$dept"].Value = dept;
            p["$kind"].Value = Kinds[random.Next(Kinds.Length)];
            p["$state"].Value = open ? "InProgress" : decided ? "Concluded" : result;
            p["$outcome"].Value = open || !decided ? DBNull.Value : result;
            p["$applicant"].Value = "申请人" + (k % 50_000).ToString(CultureInfo.InvariantCulture);
            p["$submitted"].Value = submitted;
            p["$updated"].Value = open ? accepted : finished;
            p["$concluded"].Value = open ? DBNull.Value : finished;
            p["$snapshot"].Value = snapshot;
            p["$head"].Value = head;
            p["$accepted"].Value = result == "Rejected" && !open ? DBNull.Value : accepted;
            p["$due"].Value = result == "Rejected" && !open ? DBNull.Value : due;
            p["$limit"].Value = result == "Rejected" && !open ? DBNull.Value : limitMinutes;
            p["$finished"].Value = open ? DBNull.Value : finished;
            p["$result"].Value = open ? DBNull.Value : result;
            p["$worked"].Value = !open && decided ? worked : DBNull.Value;
            p["$onTime"].Value = !open && decided ? (worked <= limitMinutes ? 1 : 0) : DBNull.Value;
            p["$early"].Value = !open && decided ? (worked <= limitMinutes - 480 ? 1 : 0) : DBNull.Value;
            insert.ExecuteNonQuery();

            if (!open && k % 10 == 0)
            {
                var rating = random.Next(20) == 0 ? 1 + random.Next(2) : 3 + random.Next(3);
                q["$n"].Value = p["$n"].Value;
                q["$ch"].Value = "Web";
                q["$r"].Value = rating;
                q["$at"].Value = finished + TimeSpan.TicksPerDay;
                q["$item"].Value = item;
                q["$dept"].Value = dept;
                q["$cd"].Value = rating <= 2 ? finished + 2 * TimeSpan.TicksPerDay : DBNull.Value;
                q["$rd"].Value = rating <= 2 ? finished + 8 * TimeSpan.TicksPerDay : DBNull.Value;
                q["$rd2"].Value = rating <= 2 && random.Next(2) == 0 ? finished + 3 * TimeSpan.TicksPerDay : DBNull.Value;
                rate.ExecuteNonQuery();
            }
        }
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }
}
