using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Namespace.Sqlite.Tests.Support;

/// <summary>Direct SQL on a database file, behind dbfs's back: to build old files and to look inside.</summary>
public static class RawDb
{
    public static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(string file, string sql)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(string file, string sql)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static long Int64(string file, string sql) => Convert.ToInt64(Scalar(file, sql), CultureInfo.InvariantCulture);

    public static List<string> Column(string file, string sql)
    {
        using var connection = Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), CultureInfo.InvariantCulture)!);
        return values;
    }
}
