namespace Hiroba.Deployment.Tests.Files;

/// <summary>infra/mosquitto/acl: <c>topic</c> lines before the first <c>user</c> line apply to anonymous clients.</summary>
internal sealed record MosquittoAcl(IReadOnlyList<MosquittoAclEntry> Entries)
{
    public const string FileName = MosquittoConfig.Folder + "/acl";

    public static MosquittoAcl Load()
    {
        var entries = new List<MosquittoAclEntry>();
        string? user = null;
        foreach (var line in Repository.Read(FileName).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "user":
                    user = words[1];
                    break;
                case "topic" or "pattern":
                    // "topic <filter>" without an access word grants readwrite.
                    var (access, filter) = words.Length == 3 ? (words[1], words[2]) : ("readwrite", words[1]);
                    entries.Add(new MosquittoAclEntry(words[0] == "pattern" ? null : user, words[0] == "pattern", access, filter));
                    break;
                default:
                    throw new InvalidDataException($"{FileName}: unknown line '{line}'.");
            }
        }
        return new MosquittoAcl(entries);
    }

    public IEnumerable<MosquittoAclEntry> Anonymous => Entries.Where(entry => entry.User is null && !entry.IsPattern);

    public IEnumerable<string> Users => Entries.Select(entry => entry.User).OfType<string>().Distinct();
}

/// <param name="User">null for anonymous clients (and for patterns, which apply to everyone).</param>
internal sealed record MosquittoAclEntry(string? User, bool IsPattern, string Access, string TopicFilter);
