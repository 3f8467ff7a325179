using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Cameras;

/// <summary>Checks every configured camera with <see cref="CameraRules"/> at start-up, naming the setting at fault.</summary>
public sealed class CamerasOptionsValidator : IValidateOptions<CamerasOptions>
{
    public ValidateOptionsResult Validate(string? name, CamerasOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Items.Length; i++)
        {
            var item = options.Items[i];
            var problems = new Dictionary<string, string[]>();
            if (CameraRules.Validate(item, item.Id ?? "", CameraSource.Configuration, problems) is { } camera && !ids.Add(camera.Id))
            {
                problems["id"] = [$"'{camera.Id}' is the id of another configured camera."];
            }
            failures.AddRange(problems.Select(problem =>
                $"Setting {CamerasOptions.SectionName}:Items:{i}:{char.ToUpperInvariant(problem.Key[0])}{problem.Key[1..]} is invalid: {string.Join(" ", problem.Value)}"));
        }
        if (options.Items.Length > options.MaxCameras)
        {
            failures.Add($"Setting {CamerasOptions.SectionName}:Items has {options.Items.Length} cameras, more than {CamerasOptions.SectionName}:MaxCameras ({options.MaxCameras}).");
        }
        if (options.SignalingUrl is not null && !WebSocketUrls.TryParse(options.SignalingUrl, defaultPath: null, out _, out var error))
        {
            failures.Add($"Setting {CamerasOptions.SectionName}:SignalingUrl is invalid: {error}");
        }
        else if (options.SignalingUrl is null && options.Items.Any(item => item.AyameRoomId is not null))
        {
            failures.Add($"Setting {CamerasOptions.SectionName}:SignalingUrl is required for cameras in Ayame mode.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
