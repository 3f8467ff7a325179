using System.Text.RegularExpressions;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>The <c>dotnet publish</c> a Dockerfile runs, to run the same here.</summary>
internal sealed partial record PublishCommand(string Project, string Configuration, string Output, IReadOnlyList<string> Arguments)
{
    public static PublishCommand From(Dockerfile dockerfile)
    {
        var run = dockerfile.Stages.SelectMany(stage => stage.All("RUN"))
            .Select(run => Command().Match(run.Arguments))
            .Single(match => match.Success);
        var arguments = run.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new PublishCommand(
            arguments[0],
            ValueOf(arguments, "--configuration") ?? ValueOf(arguments, "-c") ?? "Debug",
            ValueOf(arguments, "--output") ?? ValueOf(arguments, "-o") ?? throw new InvalidDataException("dotnet publish has no --output."),
            arguments);
    }

    /// <summary>The same arguments with the output folder moved to <paramref name="output"/>.</summary>
    public IReadOnlyList<string> WithOutput(string output) =>
        ["publish", .. Arguments.Select(argument => argument == Output ? output : argument)];

    private static string? ValueOf(IReadOnlyList<string> arguments, string option)
    {
        var index = arguments.ToList().IndexOf(option);
        return index >= 0 && index + 1 < arguments.Count ? arguments[index + 1] : null;
    }

    [GeneratedRegex(@"dotnet publish (?<arguments>[^&;|]+)")]
    private static partial Regex Command();
}
