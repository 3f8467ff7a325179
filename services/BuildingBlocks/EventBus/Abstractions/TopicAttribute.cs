namespace Hiroba.EventBus.Abstractions;

/// <summary>Names the pub/sub topic of an integration event: <c>&lt;owner&gt;.&lt;event&gt;</c> in kebab case.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TopicAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
