using System.Reflection;
using System.Runtime.Loader;

namespace Hiroba.Deployment.Tests.Services;

/// <summary>The topics of the integration events in Hiroba.Contracts.dll (their [Topic] attributes), read from a publish output.</summary>
internal static class ContractTopics
{
    private const string ContractsAssembly = "Hiroba.Contracts.dll";

    public static IReadOnlySet<string> In(string publishFolder)
    {
        var context = new AssemblyLoadContext($"contracts from {publishFolder}", isCollectible: true);
        context.Resolving += (loader, name) =>
            File.Exists(Path.Combine(publishFolder, name.Name + ".dll")) ? loader.LoadFromAssemblyPath(Path.Combine(publishFolder, name.Name + ".dll")) : null;
        try
        {
            var contracts = context.LoadFromAssemblyPath(Path.Combine(publishFolder, ContractsAssembly));
            return contracts.GetTypes()
                .SelectMany(type => type.GetCustomAttributesData())
                .Where(attribute => attribute.AttributeType.Name == "TopicAttribute")
                .Select(attribute => (string)attribute.ConstructorArguments[0].Value!)
                .ToHashSet();
        }
        finally
        {
            context.Unload();
        }
    }
}
