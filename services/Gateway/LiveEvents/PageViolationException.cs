namespace Hiroba.Gateway.LiveEvents;

/// <summary>A page sent what <c>/mqtt</c> does not allow; its connection ends. The message says what it sent.</summary>
internal sealed class PageViolationException(string violation) : Exception(violation);
