using System.Text;
using Google.Protobuf;

namespace Hiroba.TestSupport.Telemetry;

/// <summary>
/// Reads the spans of an OTLP <c>ExportTraceServiceRequest</c> and the metric names of an <c>ExportMetricsServiceRequest</c>
/// (protobuf), only the fields the tests check; every other field is skipped, as protobuf allows. Field numbers from
/// opentelemetry/proto/trace/v1/trace.proto and metrics/v1/metrics.proto.
/// </summary>
public static class OtlpReader
{
    public static IReadOnlyList<ExportedSpan> Read(byte[] request)
    {
        var spans = new List<ExportedSpan>();
        ForEachField(request, (field, input) =>
        {
            if (field == 1)
            {
                ReadResourceSpans(input.ReadBytes(), spans);
                return true;
            }
            return false;
        });
        return spans;
    }

    /// <summary>The service and metric names of an OTLP <c>ExportMetricsServiceRequest</c> (opentelemetry/proto/metrics/v1/metrics.proto).</summary>
    public static IReadOnlyList<(string Service, string Metric)> ReadMetricNames(byte[] request)
    {
        var names = new List<(string, string)>();
        ForEachField(request, (field, input) =>
        {
            if (field != 1)
            {
                return false;
            }
            var service = "";
            var scopes = new List<ByteString>();
            ForEachField(input.ReadBytes(), (resourceField, resourceInput) =>
            {
                switch (resourceField)
                {
                    case 1:
                        service = ReadAttributes(resourceInput.ReadBytes(), attributesField: 1).GetValueOrDefault("service.name", "");
                        return true;
                    case 2:
                        scopes.Add(resourceInput.ReadBytes());
                        return true;
                    default:
                        return false;
                }
            });
            foreach (var scope in scopes)
            {
                ForEachField(scope, (scopeField, scopeInput) =>
                {
                    if (scopeField != 2)
                    {
                        return false;
                    }
                    ForEachField(scopeInput.ReadBytes(), (metricField, metricInput) =>
                    {
                        if (metricField != 1)
                        {
                            return false;
                        }
                        names.Add((service, metricInput.ReadString()));
                        return true;
                    });
                    return true;
                });
            }
            return true;
        });
        return names;
    }

    private static void ReadResourceSpans(ByteString resourceSpans, List<ExportedSpan> spans)
    {
        var service = "";
        var scopeSpans = new List<ByteString>();
        ForEachField(resourceSpans, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    service = ReadAttributes(input.ReadBytes(), attributesField: 1).GetValueOrDefault("service.name", "");
                    return true;
                case 2:
                    scopeSpans.Add(input.ReadBytes());
                    return true;
                default:
                    return false;
            }
        });
        foreach (var scope in scopeSpans)
        {
            ReadScopeSpans(scope, service, spans);
        }
    }

    private static void ReadScopeSpans(ByteString scopeSpans, string service, List<ExportedSpan> spans)
    {
        var scope = "";
        var spanMessages = new List<ByteString>();
        ForEachField(scopeSpans, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    ForEachField(input.ReadBytes(), (scopeField, scopeInput) =>
                    {
                        if (scopeField == 1)
                        {
                            scope = scopeInput.ReadString();
                            return true;
                        }
                        return false;
                    });
                    return true;
                case 2:
                    spanMessages.Add(input.ReadBytes());
                    return true;
                default:
                    return false;
            }
        });
        spans.AddRange(spanMessages.Select(span => ReadSpan(span, service, scope)));
    }

    private static ExportedSpan ReadSpan(ByteString span, string service, string scope)
    {
        string traceId = "", spanId = "", name = "";
        string? parentSpanId = null;
        var kind = SpanKind.Unspecified;
        var attributes = new List<ByteString>();
        ForEachField(span, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    traceId = Convert.ToHexStringLower(input.ReadBytes().Span);
                    return true;
                case 2:
                    spanId = Convert.ToHexStringLower(input.ReadBytes().Span);
                    return true;
                case 4:
                    var parent = input.ReadBytes();
                    parentSpanId = parent.IsEmpty ? null : Convert.ToHexStringLower(parent.Span);
                    return true;
                case 5:
                    name = input.ReadString();
                    return true;
                case 6:
                    kind = (SpanKind)input.ReadEnum();
                    return true;
                case 9:
                    attributes.Add(input.ReadBytes());
                    return true;
                default:
                    return false;
            }
        });
        var values = attributes.Select(ReadKeyValue).ToDictionary(pair => pair.Key, pair => pair.Value);
        return new ExportedSpan(service, scope, traceId, spanId, parentSpanId, name, kind, values);
    }

    /// <summary>The string, integer and boolean attributes (<c>KeyValue</c>s) of a message, as text.</summary>
    private static Dictionary<string, string> ReadAttributes(ByteString message, int attributesField)
    {
        var attributes = new Dictionary<string, string>();
        ForEachField(message, (field, input) =>
        {
            if (field != attributesField)
            {
                return false;
            }
            var (key, value) = ReadKeyValue(input.ReadBytes());
            attributes[key] = value;
            return true;
        });
        return attributes;
    }

    private static KeyValuePair<string, string> ReadKeyValue(ByteString keyValue)
    {
        string key = "", value = "";
        ForEachField(keyValue, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    key = input.ReadString();
                    return true;
                case 2:
                    value = ReadAnyValue(input.ReadBytes());
                    return true;
                default:
                    return false;
            }
        });
        return new(key, value);
    }

    private static string ReadAnyValue(ByteString anyValue)
    {
        var value = "";
        ForEachField(anyValue, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    value = input.ReadString();
                    return true;
                case 2:
                    value = input.ReadBool() ? "true" : "false";
                    return true;
                case 3:
                    value = input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return true;
                default:
                    return false;
            }
        });
        return value;
    }

    /// <param name="readField">Reads the field it knows and returns true; returns false to have it skipped.</param>
    private static void ForEachField(ByteString message, Func<int, CodedInputStream, bool> readField) =>
        ForEachField(message.ToByteArray(), readField);

    private static void ForEachField(byte[] message, Func<int, CodedInputStream, bool> readField)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!readField(WireFormat.GetTagFieldNumber(tag), input))
            {
                input.SkipLastField();
            }
        }
    }
}
