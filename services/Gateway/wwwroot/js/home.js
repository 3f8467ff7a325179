// The home page shows the admin console's card to the signed-in admin.
import { signedInRole } from './me.js';

if (await signedInRole() === 'admin') document.getElementById('admin-card').hidden = false;
