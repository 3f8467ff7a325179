namespace Hiroba.Deployment.Tests.Files;

/// <summary>A Dockerfile split into stages and instructions (continuation lines joined, comments dropped).</summary>
internal sealed record Dockerfile(IReadOnlyList<DockerStage> Stages)
{
    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string relativePath)
    {
        var stages = new List<DockerStage>();
        foreach (var instruction in Instructions(Repository.Read(relativePath)))
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Words;
                stages.Add(new DockerStage(words[0], words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, new List<DockerInstruction>()));
            }
            else if (stages.Count == 0)
            {
                throw new InvalidDataException($"{relativePath}: {instruction.Keyword} before the first FROM.");
            }
            else
            {
                ((List<DockerInstruction>)stages[^1].Instructions).Add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var pending = "";
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length > 0)
            {
                var space = whole.IndexOf(' ', StringComparison.Ordinal);
                yield return new DockerInstruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim());
            }
        }
    }
}

internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(instruction => instruction.Keyword == keyword);
}

internal sealed record DockerInstruction(string Keyword, string Arguments)
{
    public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
