using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>Validates options with DataAnnotations and reports each failure by its configuration key.</summary>
internal sealed class SettingsValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(result =>
        {
            var keys = string.Join(", ", result.MemberNames.Select(member => $"{sectionName}:{member}"));
            return $"Setting {keys} is invalid: {result.ErrorMessage}";
        }));
    }
}
