using System.ComponentModel.DataAnnotations;

namespace Burgerbaan.Api.Applications;

/// <summary><c>Applications:*</c>: the privacy statement applicants consent to, and how long closed applications are kept.</summary>
public sealed class ApplicationSettings
{
    public const string Section = "Applications";

    /// <summary>Recorded with every application's consent; raise it when the privacy statement changes.</summary>
    [Required(ErrorMessage = "Configuration key 'Applications:PrivacyStatementVersion' must name the privacy statement's version.")]
    [StringLength(50, MinimumLength = 1, ErrorMessage = "Configuration key 'Applications:PrivacyStatementVersion' must be 1 to 50 characters.")]
    public string PrivacyStatementVersion { get; set; } = "1";

    [Range(1, 3650, ErrorMessage = "Configuration key 'Applications:RetentionDays' must be a whole number of days from {1} to {2}.")]
    public int RetentionDays { get; set; } = 180;
}
