using System.Globalization;
using System.Text;
using EphemChat.Hosting.Dashboard.Otlp.Common;
using EphemChat.Hosting.Dashboard.Telemetry;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace EphemChat.Hosting.Dashboard.Otlp;

/// <summary>Turns OTLP's wire values (AnyValue, byte ids, resources) into the text the dashboard shows.</summary>
internal static class OtlpValues
{
    /// <summary>The service name a resource without one gets, as the OpenTelemetry SDKs name it.</summary>
    public const string UnknownService = "unknown_service";

    public static TelemetrySource Source(Resource.Resource? resource)
    {
        string? service = null, instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            switch (attribute.Key)
            {
                case "service.name":
                    service = Text(attribute.Value);
                    break;
                case "service.instance.id":
                    instance = Text(attribute.Value);
                    break;
            }
        }
        service = string.IsNullOrEmpty(service) ? UnknownService : service;
        return new TelemetrySource(service, string.IsNullOrEmpty(instance) ? service : instance);
    }

    /// <summary>A trace or span id as lowercase hex (W3C form); null when absent or all zero.</summary>
    public static string? Id(ByteString id)
    {
        if (id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return null;
        }
        return Convert.ToHexStringLower(id.Span);
    }

    public static IReadOnlyList<Telemetry.Attribute> Attributes(RepeatedField<KeyValue> attributes) =>
        attributes.Count == 0 ? [] : [.. attributes.Select(a => new Telemetry.Attribute(a.Key, Text(a.Value)))];

    /// <summary>A stable key for an attribute set (sorted by key), which names a metric series.</summary>
    public static string AttributesKey(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return "";
        }
        var builder = new StringBuilder();
        foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            builder.Append(attribute.Key).Append('=').Append(Text(attribute.Value)).Append(';');
        }
        return builder.ToString();
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    /// <summary>Nanoseconds since the epoch as OTLP sends them (fixed64), clamped into a signed range.</summary>
    public static long Nanos(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
