using System.Text.RegularExpressions;
using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class SecretsTests
{
    private static readonly string ComposeText = Repository.Read(ComposeFile.FileName);
    private static readonly IReadOnlyDictionary<string, string> Example = ComposeVariables.ReadEnvFile(SampleEnvironment.ExampleFile);

    [Fact]
    public void Compose_requires_every_secret_and_gives_none_a_default()
    {
        var secrets = ComposeVariables.In(ComposeText).Where(variable => variable.IsSecret).ToArray();

        Assert.Contains(secrets, variable => variable.Name == "HIROBA_ADMIN_PASSWORD");
        // Optional secrets (the viewer password) may default to empty, which switches the feature off.
        Assert.All(secrets, variable => Assert.True(
            variable.IsRequired || (variable.Operator == ":-" && variable.Argument.Length == 0),
            $"${{{variable.Name}{variable.Operator}{variable.Argument}}} gives a secret a default"));
    }

    [Fact]
    public void Compose_sets_no_secret_setting_to_a_literal_value()
    {
        var secretSettings = ComposeFile.Instance.Services.Values
            .SelectMany(service => service.Environment)
            .Where(entry => new ComposeVariable(entry.Key, "", "").IsSecret)
            .ToArray();

        Assert.NotEmpty(secretSettings);
        Assert.All(secretSettings, entry => Assert.Matches(@"^\$\{[A-Z_]+(:\?[^}]*|:-)\}$", entry.Value));
    }

    [Fact]
    public void The_env_example_leaves_every_required_variable_empty_so_compose_refuses_to_start()
    {
        var required = ComposeVariables.In(ComposeText).Where(variable => variable.IsRequired).Select(variable => variable.Name).Distinct().ToArray();

        Assert.NotEmpty(required);
        Assert.All(required, name =>
        {
            Assert.True(Example.TryGetValue(name, out var value), $"{name} is required but not in {SampleEnvironment.ExampleFile}");
            Assert.Equal("", value);
            var error = Assert.Throws<InvalidOperationException>(() => ComposeVariables.Resolve($"${{{name}:?{name} is missing}}", Example));
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        });
        Assert.All(Example.Where(entry => new ComposeVariable(entry.Key, "", "").IsSecret), entry => Assert.Equal("", entry.Value));
    }

    [Fact]
    public void Every_variable_in_the_env_example_is_used_by_compose_and_every_variable_compose_uses_is_in_it()
    {
        var used = ComposeVariables.In(ComposeText).Select(variable => variable.Name).ToHashSet();

        Assert.Equal(used.Order(StringComparer.Ordinal), Example.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Components_take_credentials_only_from_the_secret_store()
    {
        var items = DaprResource.All.Where(resource => resource.Kind == "Component").SelectMany(resource => resource.Metadata.Values).ToArray();

        Assert.All(items, item =>
        {
            var value = item.Scalar("value") ?? "";
            Assert.DoesNotMatch(@"://[^/@\s]+@", value);
            Assert.False(
                Regex.IsMatch(item.Scalar("name")!, "password|secret|token|key$", RegexOptions.IgnoreCase) && value.Length > 0,
                $"{item.Scalar("name")} has a literal value");
        });
    }

    [Fact]
    public void Infra_commits_no_secret_and_its_scripts_refuse_to_run_without_one()
    {
        var files = new[] { MosquittoConfig.Folder, "infra/coturn", "infra/janus" }
            .SelectMany(folder => Directory.GetFiles(Repository.PathOf(folder)))
            .ToArray();

        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"(?m)^\s*(static-auth-secret|user|lt-cred-mech|cli-password)\s*=", text);
            Assert.DoesNotMatch(@"\$[67]\$", text);
            foreach (var variable in ComposeVariables.In(text).Where(variable => variable.IsSecret))
            {
                Assert.True(variable.Operator is ":?" or "", $"{Path.GetFileName(file)} gives {variable.Name} a default");
            }
        });
        Assert.All(files.Where(file => file.EndsWith(".sh", StringComparison.Ordinal)), script =>
            Assert.Matches(@": ""\$\{[A-Z_]*(PASSWORD|SECRET)[A-Z_]*:\?", File.ReadAllText(script)));
    }
}
