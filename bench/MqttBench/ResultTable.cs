using System.Globalization;

namespace Hiroba.MqttBench;

/// <summary>Prints the side-by-side table: one column per client.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<string> clients, IReadOnlyList<(string Measurement, IReadOnlyList<BenchResult> Results, string Target)> rows)
    {
        string[] header = ["measurement", .. clients, "target"];
        var cells = rows.Select(r => (string[])[r.Measurement, .. r.Results.Select(Format), r.Target]).Prepend(header).ToArray();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();
        foreach (var (row, index) in cells.Select((row, index) => (row, index)))
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |");
            if (index == 0)
            {
                Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => c == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
            }
        }
    }

    private static string Format(BenchResult result)
    {
        var value = result.Value >= 100
            ? result.Value.ToString("N0", CultureInfo.InvariantCulture)
            : result.Value.ToString("0.000", CultureInfo.InvariantCulture);
        return result.Note is null ? value : $"{value} ({result.Note})";
    }
}
